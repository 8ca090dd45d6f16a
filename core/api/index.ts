// What the renderer may import: schemas and types only, no Node.
export * from './contract';
export * from './envelope';
export * from './events';
export { connectionKinds, kindDescriptions, settingsSchemas, type ConnectionKind } from '../connections/connection-kinds';
// Amounts on screen are formatted as the reports and the CLI format them.
export { formatMoney } from '../money/amount-format';
