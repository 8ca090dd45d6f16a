// Pages written before the one amount format moved to renderer/components import it from here.
export { Amount } from '../../components/Amount';
export { DateText } from '../../components/DateText';
