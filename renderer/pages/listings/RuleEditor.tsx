import { Button, Checkbox, Field, Input, makeStyles, Radio, RadioGroup, Select, Text, Textarea, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { CallInput, CallOutput } from '../../../core/api';
import { bpToPercent, currencyDecimals, decimalToMinor, minorToDecimal, percentToBp } from './decimal-input';

type Rule = CallOutput<'listings.rules'>[number];
type Setup = CallOutput<'listings.setup'>;
export type RuleInput = CallInput<'listings.saveRule'>;

const useStyles = makeStyles({
  form: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(230px, 1fr))', gap: '8px 16px', alignItems: 'start', maxWidth: '1100px' },
  wide: { gridColumn: 'span 2' },
  full: { gridColumn: '1 / -1' },
  actions: { gridColumn: '1 / -1', display: 'flex', gap: '12px', alignItems: 'center' },
  error: { color: tokens.colorPaletteRedForeground1 },
});

interface Draft {
  erpConnectionId: string; sellerId: string; currency: string; pricing: 'markup' | 'fixed'; markup: string; fixed: string;
  rounding: RuleInput['rounding']; min: string; max: string; buffer: string; skus: string; sendPrices: boolean; sendQuantities: boolean;
  holdAbove: string; autoSend: boolean;
}

function draftOf(rule: Rule | null, setup: Setup, amazonId: string, currency: string): Draft {
  const d = currencyDecimals(rule?.currency ?? currency);
  return {
    erpConnectionId: rule?.erpConnectionId ?? setup.erp[0]?.id ?? '',
    sellerId: rule?.sellerId ?? setup.amazon.find((a) => a.id === amazonId)?.sellerId ?? '',
    currency: rule?.currency ?? currency,
    pricing: rule?.pricing ?? 'markup',
    markup: rule ? bpToPercent(rule.markupBp) : '0',
    fixed: minorToDecimal(rule?.fixedPriceMinor ?? null, d),
    rounding: rule?.rounding ?? 'none',
    min: minorToDecimal(rule?.minPriceMinor ?? null, d),
    max: minorToDecimal(rule?.maxPriceMinor ?? null, d),
    buffer: String(rule?.stockBuffer ?? 0),
    skus: rule?.skus?.join('\n') ?? '',
    sendPrices: rule?.sendPrices ?? true,
    sendQuantities: rule?.sendQuantities ?? true,
    holdAbove: rule ? bpToPercent(rule.holdAboveBp) : '20',
    autoSend: rule?.autoSend ?? false,
  };
}

/** The draft as the API takes it, or what is wrong with it in words. */
function inputOf(d: Draft, amazonConnectionId: string, marketplaceId: string): RuleInput | string {
  const dec = currencyDecimals(d.currency);
  const money = (label: string, text: string) => {
    const v = decimalToMinor(text, dec);
    if (Number.isNaN(v)) throw new Error(`${label} "${text}" is not an amount in ${d.currency} (digits, one decimal point, at most ${dec} decimals).`);
    return v;
  };
  try {
    const markupBp = percentToBp(d.markup);
    if (Number.isNaN(markupBp)) return `Markup "${d.markup}" is not a percentage such as 15 or 12.5.`;
    const holdAboveBp = percentToBp(d.holdAbove);
    if (Number.isNaN(holdAboveBp) || holdAboveBp < 0) return `"Hold a price move above" must be a percentage such as 20.`;
    const buffer = Number(d.buffer);
    if (!Number.isInteger(buffer) || buffer < 0) return 'The stock buffer is a whole number of units, 0 or more.';
    const skus = d.skus.split(/[\n,]/).map((x) => x.trim()).filter(Boolean);
    return {
      amazonConnectionId, marketplaceId, erpConnectionId: d.erpConnectionId, sellerId: d.sellerId, currency: d.currency, priceSource: 'item-unit-price',
      pricing: d.pricing, markupBp, fixedPriceMinor: d.pricing === 'fixed' ? money('Fixed price', d.fixed) : null, rounding: d.rounding,
      minPriceMinor: money('Minimum price', d.min), maxPriceMinor: money('Maximum price', d.max), stockBuffer: buffer, skus: skus.length ? skus : null,
      sendPrices: d.sendPrices, sendQuantities: d.sendQuantities, holdAboveBp, autoSend: d.autoSend,
    };
  } catch (e) {
    return (e as Error).message;
  }
}

/** The rule of one Amazon connection and marketplace: where prices and stock come from and what is done to them. */
export function RuleEditor({ rule, setup, amazonConnectionId, marketplaceId, currency, saving, onSave, onClose }: {
  rule: Rule | null; setup: Setup; amazonConnectionId: string; marketplaceId: string; currency: string; saving: boolean; onSave: (input: RuleInput) => void; onClose: () => void;
}) {
  const s = useStyles();
  const [d, setD] = useState<Draft>(() => draftOf(rule, setup, amazonConnectionId, currency));
  const [problem, setProblem] = useState<string | null>(null);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => ({ ...x, [k]: v }));
  const save = () => {
    const input = inputOf(d, amazonConnectionId, marketplaceId);
    if (typeof input === 'string') return setProblem(input);
    setProblem(null);
    onSave(input);
  };
  return (
    <form className={s.form} aria-label="Listing rule" onSubmit={(e) => { e.preventDefault(); save(); }}>
      <Field label="ERP prices and stock from">
        <Select value={d.erpConnectionId} onChange={(_, v) => set('erpConnectionId', v.value)}>
          {setup.erp.length === 0 && <option value="">No ERP connection gives prices and stock</option>}
          {setup.erp.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
        </Select>
      </Field>
      <Field label="ERP price">
        <Select value="item-unit-price" disabled><option value="item-unit-price">Item unit price</option></Select>
      </Field>
      <Field label="Currency" hint="Prices are never converted">
        <Input value={d.currency} onChange={(_, v) => set('currency', v.value.toUpperCase())} maxLength={3} />
      </Field>
      <Field label="Selling partner id">
        <Input value={d.sellerId} onChange={(_, v) => set('sellerId', v.value)} />
      </Field>
      <Field label="Price" className={s.wide}>
        <RadioGroup layout="horizontal" value={d.pricing} onChange={(_, v) => set('pricing', v.value as Draft['pricing'])}>
          <Radio value="markup" label="Markup on the ERP price" />
          <Radio value="fixed" label="Fixed price" />
        </RadioGroup>
      </Field>
      {d.pricing === 'markup' ? (
        <Field label="Markup %"><Input value={d.markup} onChange={(_, v) => set('markup', v.value)} inputMode="decimal" /></Field>
      ) : (
        <Field label={`Fixed price (${d.currency})`}><Input value={d.fixed} onChange={(_, v) => set('fixed', v.value)} inputMode="decimal" /></Field>
      )}
      <Field label="Rounding">
        <Select value={d.rounding} onChange={(_, v) => set('rounding', v.value as Draft['rounding'])}>
          <option value="none">None</option>
          <option value="up-to-99">Up to .99</option>
          <option value="up-to-whole">Up to a whole amount</option>
        </Select>
      </Field>
      <Field label={`Minimum price (${d.currency})`} hint="Below it: raised to it and held"><Input value={d.min} onChange={(_, v) => set('min', v.value)} inputMode="decimal" /></Field>
      <Field label={`Maximum price (${d.currency})`}><Input value={d.max} onChange={(_, v) => set('max', v.value)} inputMode="decimal" /></Field>
      <Field label="Stock buffer (units kept back)"><Input value={d.buffer} onChange={(_, v) => set('buffer', v.value)} inputMode="numeric" /></Field>
      <Field label="Hold a price move above %"><Input value={d.holdAbove} onChange={(_, v) => set('holdAbove', v.value)} inputMode="decimal" /></Field>
      <Field label="SKUs that take part" hint="One per line; empty: every SKU mapped to an item" className={s.wide}>
        <Textarea value={d.skus} onChange={(_, v) => set('skus', v.value)} rows={2} />
      </Field>
      <div className={s.wide}>
        <Checkbox checked={d.sendPrices} onChange={(_, v) => set('sendPrices', !!v.checked)} label="Send prices" />
        <Checkbox checked={d.sendQuantities} onChange={(_, v) => set('sendQuantities', !!v.checked)} label="Send quantities (never for FBA)" />
        <Checkbox checked={d.autoSend} onChange={(_, v) => set('autoSend', !!v.checked)} label="The listings job sends changes that need no approval" />
      </div>
      <div className={s.actions}>
        <Button appearance="primary" type="submit" disabled={saving}>{saving ? 'Saving…' : rule ? 'Save rule' : 'Create rule'}</Button>
        {problem && <Text className={s.error} role="alert">{problem}</Text>}
        {rule && <Button appearance="subtle" onClick={onClose}>Close</Button>}
      </div>
    </form>
  );
}

/** The rule in one line, for when it is not being edited. */
export function describeRule(rule: Rule, setup: Setup): string {
  const d = currencyDecimals(rule.currency);
  const money = (m: number) => `${minorToDecimal(m, d)} ${rule.currency}`;
  const parts = [
    `from ${setup.erp.find((e) => e.id === rule.erpConnectionId)?.name ?? rule.erpConnectionId}`,
    rule.pricing === 'fixed' && rule.fixedPriceMinor !== null ? `fixed price ${money(rule.fixedPriceMinor)}` : `item unit price ${rule.markupBp >= 0 ? '+' : '−'} ${bpToPercent(Math.abs(rule.markupBp))}%`,
    ...(rule.rounding === 'up-to-99' ? ['up to .99'] : rule.rounding === 'up-to-whole' ? ['up to a whole amount'] : []),
    ...(rule.minPriceMinor !== null ? [`min ${money(rule.minPriceMinor)}`] : []),
    ...(rule.maxPriceMinor !== null ? [`max ${money(rule.maxPriceMinor)}`] : []),
    `stock buffer ${rule.stockBuffer}`,
    `hold moves above ${bpToPercent(rule.holdAboveBp)}%`,
    rule.skus ? `${rule.skus.length} SKU${rule.skus.length === 1 ? '' : 's'}` : 'every mapped SKU',
    ...(!rule.sendPrices ? ['no prices'] : []),
    ...(!rule.sendQuantities ? ['no quantities'] : []),
    rule.autoSend ? 'the job sends what needs no approval' : 'sent by hand',
  ];
  return parts.join(' · ');
}
