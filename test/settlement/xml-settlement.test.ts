import { describe, expect, it } from 'vitest';
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
