/**
 * SP-API regions and marketplaces. Endpoints: https://developer-docs.amazon.com/sp-api/docs/sp-api-endpoints;
 * marketplace ids and regions: https://developer-docs.amazon.com/sp-api/docs/marketplace-ids (both as quoted in
 * ../shared/reference/amazon/NOTES.md §4). Amazon's table has no currency: currencies come from
 * bizon/amazon-ids (MIT, models/thirdparty_bizon_amazon-ids_marketplaces.json); at run time
 * getMarketplaceParticipations' defaultCurrencyCode is the authority for a seller.
 */
export type Region = 'NA' | 'EU' | 'FE';

export interface RegionInfo {
  region: Region;
  host: string;
  sandboxHost: string;
  awsRegion: string;
}

export const REGIONS: Record<Region, RegionInfo> = {
  NA: { region: 'NA', host: 'https://sellingpartnerapi-na.amazon.com', sandboxHost: 'https://sandbox.sellingpartnerapi-na.amazon.com', awsRegion: 'us-east-1' },
  EU: { region: 'EU', host: 'https://sellingpartnerapi-eu.amazon.com', sandboxHost: 'https://sandbox.sellingpartnerapi-eu.amazon.com', awsRegion: 'eu-west-1' },
  FE: { region: 'FE', host: 'https://sellingpartnerapi-fe.amazon.com', sandboxHost: 'https://sandbox.sellingpartnerapi-fe.amazon.com', awsRegion: 'us-west-2' },
};

/** LWA is one global endpoint for every SP-API region (archived SP-API Developer Guide @ c2888de, Step 1). */
export const LWA_TOKEN_URL = 'https://api.amazon.com/auth/o2/token';

export interface MarketplaceInfo {
  id: string;
  /** ISO 3166-1 alpha-2 (Amazon's "UK" is GB here). */
  country: string;
  name: string;
  region: Region;
  currency: string;
  domain: string;
}

const m = (id: string, country: string, name: string, region: Region, currency: string, domain: string): MarketplaceInfo => ({
  id, country, name, region, currency, domain,
});

export const MARKETPLACES: readonly MarketplaceInfo[] = [
  m('A2EUQ1WTGCTBG2', 'CA', 'Canada', 'NA', 'CAD', 'amazon.ca'),
  m('ATVPDKIKX0DER', 'US', 'United States', 'NA', 'USD', 'amazon.com'),
  m('A1AM78C64UM0Y8', 'MX', 'Mexico', 'NA', 'MXN', 'amazon.com.mx'),
  m('A2Q3Y263D00KWC', 'BR', 'Brazil', 'NA', 'BRL', 'amazon.com.br'),
  m('A28R8C7NBKEWEA', 'IE', 'Ireland', 'EU', 'EUR', 'amazon.ie'),
  m('A1RKKUPIHCS9HS', 'ES', 'Spain', 'EU', 'EUR', 'amazon.es'),
  m('A1F83G8C2ARO7P', 'GB', 'United Kingdom', 'EU', 'GBP', 'amazon.co.uk'),
  m('A13V1IB3VIYZZH', 'FR', 'France', 'EU', 'EUR', 'amazon.fr'),
  m('AMEN7PMS3EDWL', 'BE', 'Belgium', 'EU', 'EUR', 'amazon.com.be'),
  m('A1805IZSGTT6HS', 'NL', 'Netherlands', 'EU', 'EUR', 'amazon.nl'),
  m('A1PA6795UKMFR9', 'DE', 'Germany', 'EU', 'EUR', 'amazon.de'),
  m('APJ6JRA9NG5V4', 'IT', 'Italy', 'EU', 'EUR', 'amazon.it'),
  m('A2NODRKZP88ZB9', 'SE', 'Sweden', 'EU', 'SEK', 'amazon.se'),
  m('AE08WJ6YKNBMC', 'ZA', 'South Africa', 'EU', 'ZAR', 'amazon.co.za'),
  m('A1C3SOZRARQ6R3', 'PL', 'Poland', 'EU', 'PLN', 'amazon.pl'),
  m('ARBP9OOSHTCHU', 'EG', 'Egypt', 'EU', 'EGP', 'amazon.eg'),
  m('A33AVAJ2PDY3EV', 'TR', 'Turkey', 'EU', 'TRY', 'amazon.com.tr'),
  m('A17E79C6D8DWNP', 'SA', 'Saudi Arabia', 'EU', 'SAR', 'amazon.sa'),
  m('A2VIGQ35RCS4UG', 'AE', 'United Arab Emirates', 'EU', 'AED', 'amazon.ae'),
  // India is served by the EU endpoint (NOTES.md §4).
  m('A21TJRUUN4KGV', 'IN', 'India', 'EU', 'INR', 'amazon.in'),
  m('A19VAU5U5O7RUS', 'SG', 'Singapore', 'FE', 'SGD', 'amazon.sg'),
  m('A39IBJ37TRP1C6', 'AU', 'Australia', 'FE', 'AUD', 'amazon.com.au'),
  m('A1VC38T7YXB528', 'JP', 'Japan', 'FE', 'JPY', 'amazon.co.jp'),
];

const byId = new Map(MARKETPLACES.map((mp) => [mp.id, mp]));

export function marketplaceById(id: string): MarketplaceInfo | undefined {
  return byId.get(id);
}

export function marketplaceByCountry(country: string): MarketplaceInfo | undefined {
  const c = country.toUpperCase() === 'UK' ? 'GB' : country.toUpperCase();
  return MARKETPLACES.find((mp) => mp.country === c);
}

/** The SP-API host for a connection: the override (emulator, proxy) when given, else the region's host. */
export function endpointFor(region: Region, override?: string): string {
  const o = override?.trim();
  return (o ? o : REGIONS[region].host).replace(/\/+$/, '');
}
