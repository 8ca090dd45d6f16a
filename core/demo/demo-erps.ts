import { demoAcumatica } from './demo-acumatica';
import { demoBusinessCentral } from './demo-business-central';
import type { DemoErp } from './demo-erp';
import { demoFo } from './demo-fo';
import { demoSapB1 } from './demo-sap-b1';

/** The ERP companies of the built-in demo, in the order the app lists them; the first is the default target. */
export const DEMO_ERPS: readonly DemoErp[] = [demoBusinessCentral, demoSapB1, demoAcumatica, demoFo];
