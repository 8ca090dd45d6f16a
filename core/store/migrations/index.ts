import type { Migration } from '../migration';
import { m0001 } from './0001-foundation';
import { m0010 } from './0010-settlement';
import { m0020 } from './0020-amazon-client-secret';
import { m0040 } from './0040-mapping';
import { m0041 } from './0041-approval';
import { m0042 } from './0042-review';
import { m0045 } from './0045-posting';
import { m0046 } from './0046-posting-lease';
import { m0050 } from './0050-sync';
import { m0062 } from './0062-settlement-columns';
import { m0064 } from './0064-sync-posting';
import { m0066 } from './0066-erp-notifications';
import { m0071 } from './0071-settlement-storage';
import { m0073 } from './0073-line-group-quantity';
import { m0080 } from './0080-audit-chain';
import { m0085 } from './0085-archive';
import { m0095 } from './0095-approval-digest';
import { m0096 } from './0096-review-policy';
import { m0100 } from './0100-incomplete-copy';
import { m0101 } from './0101-outbox-per-connection';
import { m0102 } from './0102-lease';
import { m0105 } from './0105-erp-exchange-rates';
import { m0107 } from './0107-settlement-import';
import { m0130 } from './0130-category-rules';
import { m0140 } from './0140-ledger-posts-in';
import { m0155 } from './0155-line-description-template';
import { m0160 } from './0160-order-posting-mode';
import { m0161 } from './0161-order-read-cursor';
import { m0165 } from './0165-sync-job-kinds';
import { m0170 } from './0170-amazon-orders';
import { m0180 } from './0180-listings';
import { m0185 } from './0185-vendor-central';
import { m0190 } from './0190-needs-attention';
import { m0191 } from './0191-fba-returns';
import { m0192 } from './0192-amazon-fulfilment';
import { m0195 } from './0195-amount-display';
import { m0200 } from './0200-order-charge-mapping';
import { m0210 } from './0210-listing-withdrawn';
import { m0215 } from './0215-vendor-acknowledgements';
import { m0220 } from './0220-return-documents';
import { m0235 } from './0235-order-summary-invoices';
import { m0240 } from './0240-stock-adjustments';
import { m0250 } from './0250-mcf-previews';
import { m0251 } from './0251-mcf-cancellations';
import { m0255 } from './0255-account-nature';
import { m0260 } from './0260-order-summary-credit-notes';
import { m0261 } from './0261-cancelled-summary-invoices';
import { m0265 } from './0265-listing-quantity-beside-price';
import { m0280 } from './0280-mcf-go-ahead';
import { m0295 } from './0295-outbox-natural-key-index';
import { m0310 } from './0310-mcf-marker';
import { m0311 } from './0311-return-warehouses';

/** Every migration of the workspace database. Append only; never edit an entry. One per line. */
export const migrations: readonly Migration[] = [
  m0001,
  m0010,
  m0020,
  m0040,
  m0041,
  m0042,
  m0045,
  m0046,
  m0050,
  m0062,
  m0064,
  m0066,
  m0071,
  m0073,
  m0080,
  m0085,
  m0095,
  m0096,
  m0100,
  m0101,
  m0102,
  m0105,
  m0107,
  m0130,
  m0140,
  m0155,
  m0160,
  m0161,
  m0165,
  m0170,
  m0180,
  m0185,
  m0190,
  m0191,
  m0192,
  m0195,
  m0200,
  m0210,
  m0215,
  m0220,
  m0235,
  m0240,
  m0250,
  m0251,
  m0255,
  m0260,
  m0261,
  m0265,
  m0280,
  m0295,
  m0310,
  m0311,
];
