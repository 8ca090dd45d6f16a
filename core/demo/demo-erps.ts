import { demoBusinessCentral } from './demo-business-central';
import type { DemoErp } from './demo-erp';
import { demoFo } from './demo-fo';

/** The ERP companies of the built-in demo, in the order the app lists them; the first is the default target. */
export const DEMO_ERPS: readonly DemoErp[] = [demoBusinessCentral, demoFo];
