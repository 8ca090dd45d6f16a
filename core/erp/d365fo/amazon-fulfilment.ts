/**
 * Why Finance and Operations' sales orders cannot be shipped by Amazon (Multi-Channel Fulfillment) through
 * ml-connector, as the user reads it. What was checked:
 * - ../shared/reference/erp/specs: none of BALFO's four OpenAPI files (core, ledger, payable, receivable;
 *   CSDL 10.0.47) has a sales order entity. The nearest are Warehouses (core), DeliveryTerms (payable),
 *   SalesCarriers and ReturnDetails (receivable: a warehouse return label, not an order).
 * - ../shared/reference/erp/NOTES.md §2.3 names SalesOrderHeadersV2 and SalesOrderLines/SalesOrderLinesV2 as
 *   "[3rd-party only]", seen in integration scripts, "not in BALFO's Finance buckets. Confirm against the
 *   tenant's /data/$metadata": no fields, keys or line-to-header link are given there.
 * - Microsoft's Common Data Model definition of the header (microsoft/CDM, schemaDocuments/core/
 *   operationsCommon/Entities/SupplyChain/SalesAndMarketing/SalesOrderHeaderV2Entity.cdm.json, the source
 *   the F&O emulator already uses for free-text invoices, emulator-schema.ts) has the delivery address
 *   (DeliveryAddressName, DeliveryAddressStreet, DeliveryAddressCity, DeliveryAddressStateId,
 *   DeliveryAddressZipCode, DeliveryAddressCountryRegionISOCode), DeliveryModeCode and
 *   DefaultShippingWarehouseId/SiteId, but no field for a tracking number and no free-text note. Its lines
 *   (SalesOrderLineV2Entity.cdm.json, same folder: ItemNumber, OrderedSalesQuantity, ShippingWarehouseId,
 *   ShippingSiteId, SalesOrderLineStatus) have none either, nor a quantity still to ship. So the half
 *   of the flow that writes Amazon's tracking back to the order has nowhere to go: writing it into
 *   CustomersOrderReference or CustomerRequisitionNumber would overwrite the customer's own reference.
 *   In F&O a tracking number belongs to the warehouse's own shipment containers (UNVERIFIED: seen only in
 *   third-party reports), which an order Amazon ships never has.
 * Building the read half alone would send orders to Amazon whose tracking never reaches F&O, so the
 * capability is refused as a whole (kind.ts amazonFulfilmentWhyNot), as return orders are
 * (customer-returns.ts). What would lift it: the tenant's $metadata showing the sales order entities and a
 * field (standard or the customer's own) meant for the tracking number.
 */
export const FO_MCF_REFUSAL =
  'Finance and Operations\' sales orders (SalesOrderHeadersV2 and their lines) are not in the OData descriptions ml-connector is built and checked against, and Microsoft\'s own description of the order header has no field for a tracking number or a note, so Amazon\'s tracking could not be written back to the order. Orders in F&O cannot be shipped by Amazon through ml-connector; ship them from F&O as before.';
