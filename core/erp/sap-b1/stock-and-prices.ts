import type { ItemPrice, StockLevel } from '../erp-connector';
import { ErpError } from '../erp-error';
import { anyOf, chunk, type ODataQuery } from '../odata';
import type { SapB1Settings } from './settings';

type Row = Record<string, unknown>;
type ReadAll = (set: string, query: ODataQuery, signal?: AbortSignal) => Promise<Row[]>;

/** B1's first price list; a connection that names none prices from it. */
export const DEFAULT_PRICE_LIST = 1;

/** The warehouse codes a connection counts, from its "Warehouses that count" setting; null: every warehouse. */
export function countedWarehouses(settings: SapB1Settings): string[] | null {
  const codes = (settings.stockWarehouses ?? '').split(',').map((c) => c.trim()).filter(Boolean);
  return codes.length ? [...new Set(codes)] : null;
}

/** Twenty codes per request keeps the $filter well inside URL limits, as the other readers do. */
async function itemsByCode(readAll: ReadAll, codes: readonly string[], select: string[], signal?: AbortSignal): Promise<Row[]> {
  const out: Row[] = [];
  for (const group of chunk([...new Set(codes)], 20)) out.push(...(await readAll('Items', { filter: anyOf('ItemCode', group), select }, signal)));
  return out;
}

const refused = (message: string, operation: string) => new ErpError(message, { system: 'sap-b1', kind: 'validation', operation, retryable: false });

/**
 * What an item can sell, per Items.ItemWarehouseInfoCollection (edmx ItemWarehouseInfo: WarehouseCode, InStock,
 * Committed, Ordered): on hand less what sales orders already hold (InStock − Committed), summed over the
 * warehouses the connection counts. Ordered (from vendors) is not yet on the shelf, so it does not count.
 * A counted warehouse that does not exist in the company is refused rather than read as zero stock.
 */
export async function readB1Stock(readAll: ReadAll, settings: SapB1Settings, codes: readonly string[], signal?: AbortSignal): Promise<StockLevel[]> {
  const counted = countedWarehouses(settings);
  if (counted) {
    const known = new Set((await readAll('Warehouses', { select: ['WarehouseCode'] }, signal)).map((w) => String(w.WarehouseCode)));
    const unknown = counted.filter((c) => !known.has(c));
    if (unknown.length) throw refused(`SAP Business One has no warehouse ${unknown.join(', ')}; correct "Warehouses that count" in the connection's settings.`, 'GET Warehouses');
  }
  const rows = await itemsByCode(readAll, codes, ['ItemCode', 'ItemWarehouseInfoCollection'], signal);
  return rows.map((r) => {
    const lines = Array.isArray(r.ItemWarehouseInfoCollection) ? (r.ItemWarehouseInfoCollection as Row[]) : [];
    const quantity = lines
      .filter((w) => !counted || counted.includes(String(w.WarehouseCode)))
      .reduce((n, w) => n + Number(w.InStock ?? 0) - Number(w.Committed ?? 0), 0);
    return { itemNumber: String(r.ItemCode), quantity };
  });
}

/**
 * The item's price in the connection's price list (Items.ItemPrices, edmx ItemPrice: PriceList, Price, Currency).
 * Price is an Edm.Double; it is handed on as the shortest decimal that reads back as the same double, and the
 * listing rule refuses one with more decimals than its currency has. An item without a price in that list is
 * left out, so the change set says the ERP gives it no price.
 */
export async function readB1Prices(readAll: ReadAll, settings: SapB1Settings, codes: readonly string[], localCurrency: () => Promise<string | null>, signal?: AbortSignal): Promise<ItemPrice[]> {
  const list = settings.priceList ? Number(settings.priceList) : DEFAULT_PRICE_LIST;
  const lists = await readAll('PriceLists', { filter: `PriceListNo eq ${list}`, select: ['PriceListNo', 'PriceListName'] }, signal);
  if (!lists.length) throw refused(`SAP Business One has no price list ${list}; correct "Price list" in the connection's settings.`, 'GET PriceLists');
  const rows = await itemsByCode(readAll, codes, ['ItemCode', 'ItemPrices'], signal);
  const out: ItemPrice[] = [];
  for (const r of rows) {
    const price = (Array.isArray(r.ItemPrices) ? (r.ItemPrices as Row[]) : []).find((p) => Number(p.PriceList) === list);
    if (!price || price.Price === null || price.Price === undefined) continue;
    const currency = typeof price.Currency === 'string' && price.Currency ? price.Currency : await localCurrency();
    out.push({ itemNumber: String(r.ItemCode), unitPrice: String(Number(price.Price)), currency });
  }
  return out;
}
