import { makeStyles, tokens } from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
import { createContext, useContext, type ReactNode } from 'react';
import { call } from '../api/client';
import { moneyText, type NegativeStyle } from './format';

const useStyles = makeStyles({
  num: { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' },
  negative: { color: tokens.colorPaletteRedForeground1 },
  muted: { color: tokens.colorNeutralForeground4 },
});

const NegativesContext = createContext<NegativeStyle>('minus');

export const AMOUNT_DISPLAY_KEY = ['app', 'amountDisplay'] as const;

/** Reads the workspace's amount display once for the whole window; every Amount below follows it. */
export function AmountDisplayProvider({ children }: { children: ReactNode }) {
  const display = useQuery({ queryKey: AMOUNT_DISPLAY_KEY, queryFn: () => call('app.amountDisplay', {}), staleTime: Infinity });
  return <NegativesContext.Provider value={display.data?.negatives ?? 'minus'}>{children}</NegativesContext.Provider>;
}

/** How negatives show in this window (for text built outside an Amount, such as a chart's labels). */
export function useNegatives(): NegativeStyle {
  return useContext(NegativesContext);
}

/** An amount in minor units with the currency's own decimals; negatives in red, with a minus or in brackets. */
export function Amount({ minor, currency, blankZero = false }: { minor: number; currency: string; blankZero?: boolean }) {
  const s = useStyles();
  const negatives = useNegatives();
  if (blankZero && minor === 0) return <span className={`${s.num} ${s.muted}`} />;
  return (
    <span className={minor < 0 ? `${s.num} ${s.negative}` : s.num} data-amount={minor}>
      {moneyText(minor, currency, negatives)}
    </span>
  );
}
