import { describe, expect, it } from 'vitest';
import { LineClassifier } from '../../core/settlement/line-classifier';
import { reconcile } from '../../core/settlement/reconciliation';
import { load, parseError } from './settlement-fixtures';

// Shaped like the legacy GET_V2_SETTLEMENT_REPORT_DATA_XML report (AmazonEnvelope / SettlementReport).
const lineOf = (text: string) => xml.slice(0, xml.indexOf(text)).split('\n').length;

const xml = `<?xml version="1.0" encoding="UTF-8"?>
<AmazonEnvelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <Header><DocumentVersion>1.01</DocumentVersion><MerchantIdentifier>M_SELLER</MerchantIdentifier></Header>
  <MessageType>SettlementReport</MessageType>
  <Message>
    <MessageID>1</MessageID>
    <SettlementReport>
      <SettlementData>
        <AmazonSettlementID>5566778899</AmazonSettlementID>
        <TotalAmount currency="GBP">7.40</TotalAmount>
        <StartDate>2014-03-01T00:00:00+00:00</StartDate>
        <EndDate>2014-03-15T00:00:00+00:00</EndDate>
        <DepositDate>2014-03-17T00:00:00+00:00</DepositDate>
      </SettlementData>
      <Order>
        <AmazonOrderID>202-1111111-2222222</AmazonOrderID>
        <ShipmentID>S1</ShipmentID>
        <MarketplaceName>Amazon.co.uk</MarketplaceName>
        <Fulfillment>
          <MerchantFulfillmentID>AFN</MerchantFulfillmentID>
          <PostedDate>2014-03-02T10:00:00+00:00</PostedDate>
          <Item>
            <AmazonOrderItemCode>111</AmazonOrderItemCode>
            <SKU>Tea &amp; Biscuits</SKU>
            <Quantity>2</Quantity>
            <ItemPrice>
              <Component><Type>Principal</Type><Amount currency="GBP">20.00</Amount></Component>
              <Component><Type>Shipping</Type><Amount currency="GBP">2.50</Amount></Component>
            </ItemPrice>
            <ItemFees>
              <Fee><Type>Commission</Type><Amount currency="GBP">-3.00</Amount></Fee>
            </ItemFees>
            <Promotion>
              <MerchantPromotionID>PROMO-1</MerchantPromotionID>
              <Type>Shipping</Type>
              <Amount currency="GBP">-2.50</Amount>
            </Promotion>
          </Item>
        </Fulfillment>
      </Order>
      <Refund>
        <AmazonOrderID>202-3333333-4444444</AmazonOrderID>
        <AdjustmentID>ADJ-9</AdjustmentID>
        <Fulfillment>
          <PostedDate>2014-03-05T00:00:00+00:00</PostedDate>
          <AdjustedItem>
            <SKU>MUG</SKU>
            <ItemPriceAdjustments>
              <Component><Type>Principal</Type><Amount currency="GBP">-5.00</Amount></Component>
            </ItemPriceAdjustments>
            <ItemFeeAdjustments>
              <Fee><Type>Commission</Type><Amount currency="GBP">0.75</Amount></Fee>
            </ItemFeeAdjustments>
          </AdjustedItem>
        </Fulfillment>
      </Refund>
      <OtherTransaction>
        <TransactionType>Storage Fee</TransactionType>
        <TransactionID>T-1</TransactionID>
        <PostedDate>2014-03-10T00:00:00+00:00</PostedDate>
        <Amount currency="GBP">-5.35</Amount>
      </OtherTransaction>
    </SettlementReport>
  </Message>
</AmazonEnvelope>
`;

describe('legacy XML settlement', () => {
  it('streams the summary and one line per amount element, with the fields around it', async () => {
    for (const chunk of [3, 64, 100_000]) {
      const s = await load(xml, {}, chunk);
      expect(s.format).toBe('xml');
      expect(s.summary).toMatchObject({ settlementId: '5566778899', totalAmount: 740, currency: 'GBP', depositDate: '2014-03-17T00:00:00.000Z' });
      expect(s.lines.map((l) => [l.transactionType, l.amountType, l.amountDescription, l.amount])).toEqual([
        ['Order', 'ItemPrice', 'Principal', 2000],
        ['Order', 'ItemPrice', 'Shipping', 250],
        ['Order', 'ItemFees', 'Commission', -300],
        ['Order', 'Promotion', 'Shipping', -250],
        ['Refund', 'ItemPrice', 'Principal', -500],
        ['Refund', 'ItemFees', 'Commission', 75],
        ['Storage Fee', 'other-transaction', 'Storage Fee', -535],
      ]);
      expect(s.lines.reduce((sum, l) => sum + l.amount, 0)).toBe(740);
      expect(s.lines[0]).toMatchObject({ orderId: '202-1111111-2222222', sku: 'Tea & Biscuits', quantity: 2, fulfillmentId: 'AFN', marketplaceName: 'Amazon.co.uk', postedDate: '2014-03-02T10:00:00.000Z' });
      expect(s.lines[3]!.promotionId).toBe('PROMO-1');
      expect(s.lines[4]).toMatchObject({ adjustmentId: 'ADJ-9', sku: 'MUG', row: lineOf('-5.00') });
    }
  });

  it('names the line of a malformed or truncated file', async () => {
    expect((await parseError(xml.replace('</Refund>', '</Order>'))).message).toContain(`line ${lineOf('</Refund>')}, value "</Order>": XML: </Order> closes <Refund>`);
    expect((await parseError(xml.slice(0, xml.indexOf('<OtherTransaction>')))).message).toMatch(/ends before <\/SettlementReport>/);
    expect((await parseError(xml.replace('-5.35', '-5,3x'))).message).toContain('column "Amount", value "-5,3x"');
  });
});

// A second hand-written document with every transaction element the public parsers name (sources in
// core/settlement/xml-settlement-parser.ts): Order with ShipmentFees outside its Fulfillment, Refund with
// a PromotionAdjustment, Chargeback, GuaranteeClaim, OtherTransaction with OtherTransactionItem (adding
// up, and not), AdvertisingTransactionDetails, SellerCouponPayment, Retrocharge, and an element no source
// knows. Declared total: 16.04 EUR.
const full = `<?xml version="1.0" encoding="UTF-8"?>
<AmazonEnvelope>
  <Header><DocumentVersion>1.01</DocumentVersion><MerchantIdentifier>M_TEST</MerchantIdentifier></Header>
  <MessageType>SettlementReport</MessageType>
  <Message>
    <MessageID>1</MessageID>
    <SettlementReport>
      <SettlementData>
        <AmazonSettlementID>4400112233</AmazonSettlementID>
        <TotalAmount currency="EUR">16.04</TotalAmount>
        <StartDate>2021-04-01T08:00:00+00:00</StartDate>
        <EndDate>2021-04-15T08:00:00+00:00</EndDate>
        <DepositDate>2021-04-17T08:00:00+00:00</DepositDate>
      </SettlementData>
      <Order>
        <AmazonOrderID>302-0000001-0000001</AmazonOrderID>
        <MerchantOrderID>WEB-77</MerchantOrderID>
        <ShipmentID>SHP1</ShipmentID>
        <MarketplaceName>Amazon.de</MarketplaceName>
        <Fulfillment>
          <MerchantFulfillmentID>AFN</MerchantFulfillmentID>
          <PostedDate>2021-04-02T10:00:00+00:00</PostedDate>
          <Item>
            <AmazonOrderItemCode>5001</AmazonOrderItemCode>
            <MerchantOrderItemID>L1</MerchantOrderItemID>
            <SKU>LAMP-RED</SKU>
            <Quantity>2</Quantity>
            <ItemPrice>
              <Component><Type>Principal</Type><Amount currency="EUR">80.00</Amount></Component>
              <Component><Type>Shipping</Type><Amount currency="EUR">4.00</Amount></Component>
            </ItemPrice>
            <ItemFees>
              <Fee><Type>Commission</Type><Amount currency="EUR">-4.50</Amount></Fee>
              <Fee><Type>FBAPerUnitFulfillmentFee</Type><Amount currency="EUR">-3.20</Amount></Fee>
            </ItemFees>
            <Promotion><MerchantPromotionID>FREESHIP</MerchantPromotionID><Type>Shipping</Type><Amount currency="EUR">-4.00</Amount></Promotion>
          </Item>
          <Item>
            <AmazonOrderItemCode>5002</AmazonOrderItemCode>
            <SKU>BULB</SKU>
            <Quantity>1</Quantity>
            <ItemPrice><Component><Type>Principal</Type><Amount currency="EUR">12.00</Amount></Component></ItemPrice>
            <ItemFees><Fee><Type>Commission</Type><Amount currency="EUR">-1.80</Amount></Fee></ItemFees>
          </Item>
        </Fulfillment>
        <ShipmentFees><Fee><Type>FBAPerOrderFulfillmentFee</Type><Amount currency="EUR">-1.00</Amount></Fee></ShipmentFees>
      </Order>
      <Refund>
        <AmazonOrderID>302-0000002-0000002</AmazonOrderID>
        <AdjustmentID>ADJ-1</AdjustmentID>
        <MarketplaceName>Amazon.de</MarketplaceName>
        <Fulfillment>
          <MerchantFulfillmentID>AFN</MerchantFulfillmentID>
          <PostedDate>2021-04-05T09:30:00+00:00</PostedDate>
          <AdjustedItem>
            <AmazonOrderItemCode>6001</AmazonOrderItemCode>
            <MerchantAdjustmentItemID>MA-1</MerchantAdjustmentItemID>
            <SKU>BULB</SKU>
            <ItemPriceAdjustments><Component><Type>Principal</Type><Amount currency="EUR">-12.00</Amount></Component></ItemPriceAdjustments>
            <ItemFeeAdjustments>
              <Fee><Type>Commission</Type><Amount currency="EUR">1.80</Amount></Fee>
              <Fee><Type>RefundCommission</Type><Amount currency="EUR">-0.36</Amount></Fee>
            </ItemFeeAdjustments>
            <PromotionAdjustment><MerchantPromotionID>SPRING</MerchantPromotionID><Type>Principal</Type><Amount currency="EUR">1.00</Amount></PromotionAdjustment>
          </AdjustedItem>
        </Fulfillment>
      </Refund>
      <Chargeback>
        <AmazonOrderID>302-0000003-0000003</AmazonOrderID>
        <AdjustmentID>CB-1</AdjustmentID>
        <MarketplaceName>Amazon.de</MarketplaceName>
        <Fulfillment>
          <MerchantFulfillmentID>MFN</MerchantFulfillmentID>
          <PostedDate>2021-04-06T00:00:00+00:00</PostedDate>
          <AdjustedItem>
            <AmazonOrderItemCode>7001</AmazonOrderItemCode>
            <SKU>LAMP-RED</SKU>
            <ItemPriceAdjustments><Component><Type>Principal</Type><Amount currency="EUR">-30.00</Amount></Component></ItemPriceAdjustments>
            <ItemFeeAdjustments><Fee><Type>Commission</Type><Amount currency="EUR">4.50</Amount></Fee></ItemFeeAdjustments>
          </AdjustedItem>
        </Fulfillment>
      </Chargeback>
      <GuaranteeClaim>
        <AmazonOrderID>302-0000004-0000004</AmazonOrderID>
        <AdjustmentID>GC-1</AdjustmentID>
        <Fulfillment>
          <MerchantFulfillmentID>MFN</MerchantFulfillmentID>
          <PostedDate>2021-04-07T00:00:00+00:00</PostedDate>
          <AdjustedItem>
            <AmazonOrderItemCode>8001</AmazonOrderItemCode>
            <SKU>BULB</SKU>
            <ItemPriceAdjustments><Component><Type>Principal</Type><Amount currency="EUR">-12.00</Amount></Component></ItemPriceAdjustments>
          </AdjustedItem>
        </Fulfillment>
      </GuaranteeClaim>
      <OtherTransaction>
        <TransactionType>WAREHOUSE_DAMAGE</TransactionType>
        <TransactionID>R-100</TransactionID>
        <PostedDate>2021-04-08T00:00:00+00:00</PostedDate>
        <Amount currency="EUR">25.00</Amount>
        <OtherTransactionItem><SKU>LAMP-RED</SKU><Quantity>1</Quantity><Amount currency="EUR">15.00</Amount></OtherTransactionItem>
        <OtherTransactionItem><SKU>BULB</SKU><Quantity>2</Quantity><Amount currency="EUR">10.00</Amount></OtherTransactionItem>
      </OtherTransaction>
      <OtherTransaction>
        <TransactionType>REVERSAL_REIMBURSEMENT</TransactionType>
        <TransactionID>R-101</TransactionID>
        <PostedDate>2021-04-09T00:00:00+00:00</PostedDate>
        <Amount currency="EUR">-8.00</Amount>
        <OtherTransactionItem><SKU>BULB</SKU><Quantity>1</Quantity><Amount currency="EUR">-4.00</Amount></OtherTransactionItem>
      </OtherTransaction>
      <OtherTransaction>
        <TransactionType>Current Reserve Amount</TransactionType>
        <TransactionID>R-102</TransactionID>
        <PostedDate>2021-04-15T08:00:00+00:00</PostedDate>
        <Amount currency="EUR">-20.00</Amount>
      </OtherTransaction>
      <AdvertisingTransactionDetails>
        <TransactionType>Charge</TransactionType>
        <PostedDate>2021-04-10T00:00:00+00:00</PostedDate>
        <InvoiceId>INV-9</InvoiceId>
        <BaseAmount currency="EUR">-10.00</BaseAmount>
        <TaxAmount currency="EUR">-1.90</TaxAmount>
        <TransactionAmount currency="EUR">-11.90</TransactionAmount>
      </AdvertisingTransactionDetails>
      <SellerCouponPayment>
        <PostedDate>2021-04-11T00:00:00+00:00</PostedDate>
        <TransactionType>Coupon Redemption Fee</TransactionType>
        <PaymentReason>Clip</PaymentReason>
        <CouponFee><Type>CouponRedemptionFee</Type><Amount currency="EUR">-0.60</Amount></CouponFee>
        <Count>1</Count>
        <CouponID>C-5</CouponID>
        <MarketplaceName>Amazon.de</MarketplaceName>
      </SellerCouponPayment>
      <Retrocharge>
        <AmazonOrderID>302-0000005-0000005</AmazonOrderID>
        <PostedDate>2021-04-12T00:00:00+00:00</PostedDate>
        <MarketplaceName>Amazon.de</MarketplaceName>
        <BaseTax><Amount currency="EUR">-0.80</Amount></BaseTax>
        <ShippingTax><Amount currency="EUR">-0.10</Amount></ShippingTax>
      </Retrocharge>
      <VineEnrollment>
        <TransactionType>Vine Enrollment Fee</TransactionType>
        <PostedDate>2021-04-13T00:00:00+00:00</PostedDate>
        <Amount currency="EUR">-2.00</Amount>
      </VineEnrollment>
    </SettlementReport>
  </Message>
</AmazonEnvelope>
`;
const fullLineOf = (text: string) => full.slice(0, full.indexOf(text)).split('\n').length;

describe('legacy XML settlement: every documented element', () => {
  it('turns every amount into a line with the V2 types, and the lines make the declared total', async () => {
    const s = await load(full, {}, 50);
    expect(s.summary).toMatchObject({ settlementId: '4400112233', totalAmount: 1604, currency: 'EUR', startDate: '2021-04-01T08:00:00.000Z' });
    expect(s.lines.map((l) => [l.transactionType, l.amountType, l.amountDescription, l.amount])).toEqual([
      ['Order', 'ItemPrice', 'Principal', 8000],
      ['Order', 'ItemPrice', 'Shipping', 400],
      ['Order', 'ItemFees', 'Commission', -450],
      ['Order', 'ItemFees', 'FBAPerUnitFulfillmentFee', -320],
      ['Order', 'Promotion', 'Shipping', -400],
      ['Order', 'ItemPrice', 'Principal', 1200],
      ['Order', 'ItemFees', 'Commission', -180],
      ['Order', 'Shipment-Fees', 'FBAPerOrderFulfillmentFee', -100],
      ['Refund', 'ItemPrice', 'Principal', -1200],
      ['Refund', 'ItemFees', 'Commission', 180],
      ['Refund', 'ItemFees', 'RefundCommission', -36],
      ['Refund', 'Promotion', 'Principal', 100],
      ['Chargeback', 'ItemPrice', 'Principal', -3000],
      ['Chargeback', 'ItemFees', 'Commission', 450],
      ['GuaranteeClaim', 'ItemPrice', 'Principal', -1200],
      ['WAREHOUSE_DAMAGE', 'other-transaction', 'WAREHOUSE_DAMAGE', 1500],
      ['WAREHOUSE_DAMAGE', 'other-transaction', 'WAREHOUSE_DAMAGE', 1000],
      ['REVERSAL_REIMBURSEMENT', 'other-transaction', 'REVERSAL_REIMBURSEMENT', -800],
      ['Current Reserve Amount', 'other-transaction', 'Current Reserve Amount', -2000],
      ['ServiceFee', 'other-transaction', 'Cost of Advertising', -1000],
      ['ServiceFee', 'other-transaction', 'TaxAmount', -190],
      ['Coupon Redemption Fee', 'SellerCouponPayment', 'CouponRedemptionFee', -60],
      ['Retrocharge', 'Retrocharge', 'BaseTax', -80],
      ['Retrocharge', 'Retrocharge', 'ShippingTax', -10],
      ['Vine Enrollment Fee', 'VineEnrollment', 'Vine Enrollment Fee', -200],
    ]);
    const linesTotal = s.lines.reduce((sum, l) => sum + l.amount, 0);
    expect(linesTotal).toBe(s.summary!.totalAmount);
    expect(reconcile(s.summary, s.lines)).toMatchObject({ balanced: true, difference: 0 });

    const [principal, , , , promo, bulb, , shipmentFee] = s.lines;
    expect(principal).toMatchObject({
      orderId: '302-0000001-0000001', merchantOrderId: 'WEB-77', shipmentId: 'SHP1', marketplaceName: 'Amazon.de', fulfillmentId: 'AFN',
      postedDate: '2021-04-02T10:00:00.000Z', orderItemCode: '5001', merchantOrderItemId: 'L1', sku: 'LAMP-RED', quantity: 2,
      row: fullLineOf('80.00'), source: 'Order/Fulfillment/Item/ItemPrice/Component/Amount',
    });
    expect(promo!.promotionId).toBe('FREESHIP');
    expect(bulb).toMatchObject({ sku: 'BULB', quantity: 1, orderItemCode: '5002' });
    // ShipmentFees sits beside the Fulfillment: the order's posted date, but no item's SKU or quantity.
    expect(shipmentFee).toMatchObject({ postedDate: '2021-04-02T10:00:00.000Z', fulfillmentId: 'AFN', sku: '', quantity: null, orderId: '302-0000001-0000001' });
    const byRow = (text: string) => s.lines.find((l) => l.row === fullLineOf(text))!;
    expect(byRow('-0.36')).toMatchObject({ adjustmentId: 'ADJ-1', merchantAdjustmentItemId: 'MA-1', sku: 'BULB', postedDate: '2021-04-05T09:30:00.000Z' });
    expect(byRow('<Type>Principal</Type><Amount currency="EUR">1.00')).toMatchObject({ promotionId: 'SPRING' });
    // Items that add up to their transaction replace it, one line per SKU; the reference is kept.
    expect(byRow('15.00')).toMatchObject({ sku: 'LAMP-RED', quantity: 1, extra: { TransactionID: 'R-100' }, postedDate: '2021-04-08T00:00:00.000Z' });
    expect(byRow('<Quantity>2</Quantity><Amount currency="EUR">10.00')).toMatchObject({ sku: 'BULB', quantity: 2 });
    // Items that do not add up: the transaction's Amount is the line, the items are kept as read.
    expect(byRow('-8.00')).toMatchObject({ sku: '', extra: { TransactionID: 'R-101', OtherTransactionItem: 'BULB x1 = -4.00 EUR' } });
    expect(byRow('-10.00</BaseAmount>')).toMatchObject({ extra: { InvoiceId: 'INV-9', TransactionType: 'Charge' }, postedDate: '2021-04-10T00:00:00.000Z' });
    expect(byRow('-0.60')).toMatchObject({ marketplaceName: 'Amazon.de', extra: { CouponID: 'C-5', PaymentReason: 'Clip', Count: '1' } });
    expect(byRow('-0.80')).toMatchObject({ orderId: '302-0000005-0000005', source: 'Retrocharge/BaseTax/Amount' });
  });

  it('classifies every documented element, coupon, Vine and retrocharge rows included', async () => {
    const s = await load(full, {}, 4096);
    const classifier = new LineClassifier();
    const unknown = s.lines.filter((l) => classifier.classify(l) === null).map((l) => `${l.transactionType} / ${l.amountType} / ${l.amountDescription}`);
    expect(unknown).toEqual([]);
    // Coupon and Vine fees are one family whatever the type columns say; retrocharges carry only tax.
    const category = (description: string) => classifier.classify(s.lines.find((l) => l.amountDescription === description)!)?.category;
    expect([category('CouponRedemptionFee'), category('Vine Enrollment Fee'), category('BaseTax')]).toEqual(['promotion-fee', 'promotion-fee', 'tax']);
    // The tax on an advertising invoice is Amazon's tax on its fee, not tax collected from a buyer.
    expect(category('TaxAmount')).toBe('fee-tax');
    expect(classifier.classify(s.lines.find((l) => l.transactionType === 'Chargeback')!)?.category).toBe('principal');
  });

  it('names the line and the element of an amount it cannot read', async () => {
    expect((await parseError(full.replace('80.00', '8O.00'))).message).toContain(`line ${fullLineOf('80.00')}, column "Amount", value "8O.00"`);
    const noCurrency = full.replace('<Amount currency="EUR">-2.00</Amount>', '<Amount>-2.00</Amount>');
    expect((await parseError(noCurrency)).message).toContain(`line ${fullLineOf('-2.00')}, column "Amount", value "-2.00": <Amount> inside <VineEnrollment> has no currency attribute`);
    const adsOff = full.replace('-11.90', '-11.80');
    expect((await parseError(adsOff)).message).toContain(`line ${fullLineOf('-11.90')}, column "TransactionAmount", value "-11.80": BaseAmount + TaxAmount`);
    const stray = full.replace('<MessageType>', '<Fee currency="EUR">1.00</Fee><MessageType>');
    expect((await parseError(stray)).message).toMatch(/column "Fee", value "1.00": an amount inside <AmazonEnvelope> that is not part of a transaction/);
  });
});
