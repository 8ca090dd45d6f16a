import { describe, expect, it } from 'vitest';
import { redactBody, redactValue } from '../../core/store/redact';

const SIGNED =
  'https://tortuga-prod-na.s3.amazonaws.com/doc?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20261205T091500Z' +
  '&X-Amz-SignedHeaders=host&X-Amz-Expires=300&X-Amz-Credential=AKIAEXAMPLE%2F20261205%2Fus-east-1%2Fs3%2Faws4_request' +
  '&X-Amz-Security-Token=FwoGZXIvYXdzEXAMPLETOKEN&X-Amz-Signature=0123456789abcdef0123456789abcdef';

function expectNoSecretsOfTheUrl(stored: string): void {
  expect(stored).not.toContain('0123456789abcdef');
  expect(stored).not.toContain('AKIAEXAMPLE');
  expect(stored).not.toContain('FwoGZXIvYXdzEXAMPLETOKEN');
}

describe('pre-signed URLs in the audit log', () => {
  it('keeps where a getReportDocument URL pointed and how long it lived, not its signature, credential or token', () => {
    const stored = redactBody(JSON.stringify({ reportDocumentId: 'amzn1.spdoc.1', url: SIGNED, compressionAlgorithm: 'GZIP' }));
    expectNoSecretsOfTheUrl(stored);
    const url = new URL((JSON.parse(stored) as { url: string }).url);
    expect(url.host).toBe('tortuga-prod-na.s3.amazonaws.com');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(url.searchParams.get('X-Amz-Signature')).toBe('[redacted]');
  });

  it('redacts them when JSON escapes the ampersands, in XML error bodies and in request summaries', () => {
    expectNoSecretsOfTheUrl(redactBody(`{"url":"${SIGNED.replaceAll('&', '\\u0026')}"}`));
    expectNoSecretsOfTheUrl(redactBody(`<Error><Code>AccessDenied</Code><Resource>${SIGNED.replaceAll('&', '&amp;')}</Resource></Error>`));
    expectNoSecretsOfTheUrl(JSON.stringify(redactValue({ method: 'PUT', url: SIGNED })));
  });

  it('removes what an S3 SignatureDoesNotMatch error body echoes back of the signing', () => {
    const body =
      '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SignatureDoesNotMatch</Code><AWSAccessKeyId>AKIAEXAMPLE</AWSAccessKeyId>' +
      '<StringToSign>AWS4-HMAC-SHA256 0123456789abcdef</StringToSign><SignatureProvided>0123456789abcdef</SignatureProvided>' +
      '<CanonicalRequest>GET /doc X-Amz-Credential=AKIAEXAMPLE</CanonicalRequest></Error>';
    const stored = redactBody(body);
    expectNoSecretsOfTheUrl(stored);
    expect(stored).toContain('<Code>SignatureDoesNotMatch</Code>');
  });
});

describe('buyer fields in bodies that are not plain JSON', () => {
  it('reads JSON behind a byte-order mark', () => {
    const stored = redactBody('\uFEFF{"payload":{"BuyerInfo":{"BuyerEmail":"jane@example.com"},"AmazonOrderId":"111-1"}}');
    expect(stored).not.toContain('jane@example.com');
    expect(stored).toContain('111-1');
  });

  it('removes buyer elements from XML, keeping the rest', () => {
    const xml =
      '<Order><AmazonOrderId>111-1</AmazonOrderId><ShipToAddress><Name>Jane Doe</Name><AddressFieldOne>1 Main St</AddressFieldOne></ShipToAddress>' +
      '<ns:BuyerEmail>jane@example.com</ns:BuyerEmail><Phone>+1 555 0100</Phone><GiftMessageText>Happy birthday Jane</GiftMessageText><Amount currency="USD">12.30</Amount></Order>';
    const stored = redactBody(xml);
    for (const pii of ['Jane', '1 Main St', 'jane@example.com', '555 0100']) expect(stored).not.toContain(pii);
    expect(stored).toContain('<AmazonOrderId>111-1</AmazonOrderId>');
    expect(stored).toContain('<Amount currency="USD">12.30</Amount>');
  });

  it('blanks the buyer columns of a tab-separated report, keeping the others', () => {
    const tsv =
      'order-id\tbuyer-email\tbuyer-name\tbuyer-phone-number\trecipient-name\tship-address-1\tship-phone-number\tgift-message-text\titem-price\n' +
      '111-1\tjane@example.com\tJane Doe\t+1 555 0100\tJane Doe\t1 Main St\t555-0101\tHappy birthday\t12.30\n';
    const stored = redactBody(tsv);
    for (const pii of ['Jane', '1 Main St', 'jane@example.com', '555 0100', '555-0101', 'Happy birthday']) expect(stored).not.toContain(pii);
    expect(stored.split('\n')[1]!.split('\t')).toEqual(['111-1', '[redacted]', '[redacted]', '[redacted]', '[redacted]', '[redacted]', '[redacted]', '[redacted]', '12.30']);
  });

  it('does not store a body that looks like JSON with buyer fields but cannot be read', () => {
    const stored = redactBody('{"BuyerInfo":{"BuyerEmail":"jane@example.com"},"AmazonOrderId":"111-');
    expect(stored).not.toContain('jane@example.com');
    expect(stored).toMatch(/not stored/);
  });
});

describe('buyer fields the JSON redaction used to miss', () => {
  it('redacts ShipToAddress, phone numbers and gift messages from Orders, vendor and notification shapes', () => {
    const body = {
      ShipToAddress: { Name: 'Jane Doe', City: 'Springfield' },
      Phone: '+1 555 0100',
      phoneNumber: '+1 555 0101',
      orderItems: [{ GiftMessageText: 'Happy birthday Jane', giftMessage: 'Love, Jane', BuyerCustomizedInfo: { CustomizedURL: 'https://x' } }],
      BuyerBusinessAddress: { Name: 'Jane Co' },
      BuyerLegalCompanyName: 'Jane Co Ltd',
      AmazonOrderId: '111-1',
    };
    const stored = redactBody(JSON.stringify(body));
    for (const pii of ['Jane', '555 0100', '555 0101', 'Springfield', 'https://x']) expect(stored).not.toContain(pii);
    expect(stored).toContain('111-1');
  });
});

describe('re-serialising JSON', () => {
  it('keeps every digit of big integers and the exact text of decimals', () => {
    const stored = redactBody('{"settlementId":12345678901234567890123,"amount":1.10,"tiny":1e-400,"rate":0.1000000000000000055511151231257827,"BuyerEmail":"jane@example.com"}');
    expect(stored).toBe('{"settlementId":12345678901234567890123,"amount":1.10,"tiny":1e-400,"rate":0.1000000000000000055511151231257827,"BuyerEmail":"[redacted]"}');
  });

  it('keeps arrays, nesting, escapes and unicode as they were', () => {
    const text = '[{"a":"line\\nbreak \\"q\\" \\u00e9","b":[1,2,{"password":"hunter2"}],"c":null,"d":true}]';
    expect(redactBody(text)).toBe('[{"a":"line\\nbreak \\"q\\" \\u00e9","b":[1,2,{"password":"[redacted]"}],"c":null,"d":true}]');
  });
});

describe('redaction stays linear', () => {
  // How fast is a benchmark's question, not a test's; a pattern that backtracks over these 100,000 open tags
  // would not finish within the test's time limit.
  it('an XML body full of tags that never close is redacted whole, its secret gone', () => {
    const body = `<Root>${'<meta charset="x">'.repeat(100_000)}<Phone>+1 555 0100</Phone><Phone>`;
    const stored = redactBody(body);
    expect(stored).not.toContain('555');
    expect(stored.endsWith('<Phone>[redacted]')).toBe(true);
  });

  it('keeps self-closing and nested elements of the same name apart', () => {
    expect(redactBody('<a><Phone/><b>1</b><Phone><Phone>x</Phone>y</Phone><c>2</c></a>')).toBe('<a><Phone/><b>1</b><Phone>[redacted]</Phone><c>2</c></a>');
  });
});
