import {
  Button, Field, Input, makeStyles, Select, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { CallInput } from '../../../core/api';
import { ErrorBar } from '../../components/ErrorBar';
import { useReferenceData } from '../mappings/mapping-hooks';
import { useChargeMappingChange, useChargeMappings } from './order-hooks';

type Mapping = CallInput<'orders.setChargeMapping'>['mapping'];
type Charge = Mapping['charge'];
type LineType = Mapping['lineType'];

const CHARGES: Array<{ charge: Charge; label: string }> = [
  { charge: 'shipping', label: 'Shipping' }, { charge: 'gift-wrap', label: 'Gift wrap' }, { charge: 'promotion', label: 'Promotions' }, { charge: 'tax', label: 'Tax code' },
];
const LINE_TYPES: Array<{ lineType: Exclude<LineType, 'tax-code'>; label: string }> = [
  { lineType: 'item', label: 'Item' }, { lineType: 'account', label: 'G/L account' }, { lineType: 'freight', label: 'Freight code' },
];
const labelOf = (charge: Charge) => CHARGES.find((c) => c.charge === charge)?.label ?? charge;
/** Where the ERP's reference data lists each kind of target (mappings.reference), and the field's label. */
const LISTS: Record<LineType, { kind: 'items' | 'accounts' | 'freightCodes' | 'taxCodes'; many: string; label: string }> = {
  item: { kind: 'items', many: 'items', label: 'Item' },
  account: { kind: 'accounts', many: 'posting accounts', label: 'Account' },
  freight: { kind: 'freightCodes', many: 'freight codes', label: 'Freight code' },
  'tax-code': { kind: 'taxCodes', many: 'tax codes', label: 'ERP tax code' },
};

const useStyles = makeStyles({
  panel: { padding: '12px 16px', border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusLarge, marginBottom: '16px', display: 'grid', gap: '12px' },
  form: { display: 'flex', gap: '12px', alignItems: 'flex-end', flexWrap: 'wrap' },
  mono: { fontFamily: tokens.fontFamilyMonospace },
  muted: { color: tokens.colorNeutralForeground2 },
});

/**
 * What invoices and credit notes book besides goods, for one ERP connection: shipping, gift wrap and
 * promotions to an item, G/L account or freight code, and the tax code carrying Amazon's tax, per
 * marketplace or for every marketplace. Items, accounts, freight codes and tax codes are offered from the
 * ERP's data with their names; the core refuses one the ERP lacks.
 */
export function ChargeMappings({ connectionId, connectionName }: { connectionId: string; connectionName: string }) {
  const s = useStyles();
  const mappings = useChargeMappings(connectionId);
  const reference = useReferenceData(connectionId);
  const { save, remove } = useChargeMappingChange();
  const [charge, setCharge] = useState<Charge>('shipping');
  const [marketplace, setMarketplace] = useState('');
  const [lineType, setLineType] = useState<Exclude<LineType, 'tax-code'>>('account');
  const [target, setTarget] = useState('');
  const effectiveType: LineType = charge === 'tax' ? 'tax-code' : lineType;
  const list = LISTS[effectiveType];
  const listRead = !!reference.data?.refreshedAt[list.kind];
  const choices = (reference.data?.[list.kind] ?? []).filter((c) => effectiveType === 'item' || c.postable);
  const chosen = choices.find((c) => c.code === target.trim());
  const hint = chosen ? chosen.name
    : choices.length ? `Choose from the ERP's ${list.many}`
    : listRead ? `${connectionName} has no ${list.many} to choose from`
    : `Refresh the ERP's data under Mappings to choose from its ${list.many}`;
  const listId = `charge-targets-${connectionId}`;

  return (
    <section className={s.panel} aria-label={`Order charges for ${connectionName}`}>
      <Text weight="semibold">Order charges for {connectionName}</Text>
      <Text size={200} className={s.muted}>
        What each invoice and credit note books besides the goods. A marketplace row wins over the row for every marketplace.
      </Text>
      {mappings.data && mappings.data.length > 0 ? (
        <Table size="small" aria-label="Order charge mappings">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Charge</TableHeaderCell>
              <TableHeaderCell>Marketplace</TableHeaderCell>
              <TableHeaderCell>Books to</TableHeaderCell>
              <TableHeaderCell>Target</TableHeaderCell>
              <TableHeaderCell>Name in the ERP</TableHeaderCell>
              <TableHeaderCell style={{ width: 96 }} />
            </TableRow>
          </TableHeader>
          <TableBody>
            {mappings.data.map((m) => (
              <TableRow key={`${m.charge}|${m.marketplace}`} data-charge={`${m.charge}|${m.marketplace}`}>
                <TableCell>{labelOf(m.charge)}</TableCell>
                <TableCell>{m.marketplace || 'Every marketplace'}</TableCell>
                <TableCell>{m.lineType === 'tax-code' ? 'Tax code' : LINE_TYPES.find((l) => l.lineType === m.lineType)?.label}</TableCell>
                <TableCell className={s.mono}>{m.target}</TableCell>
                <TableCell>{m.targetName ?? <span className={s.muted}>not read from the ERP</span>}</TableCell>
                <TableCell>
                  <Button size="small" disabled={remove.isPending} onClick={() => remove.mutate({ connectionId, charge: m.charge, marketplace: m.marketplace })}>Remove</Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : mappings.data ? (
        <Text className={s.muted}>No charge is mapped yet: an order with shipping, gift wrap, promotions or tax is held until its charge is mapped here.</Text>
      ) : null}
      <form
        className={s.form}
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ connectionId, mapping: { charge, marketplace: marketplace.trim(), lineType: effectiveType, target: target.trim() } }, { onSuccess: () => setTarget('') });
        }}
      >
        <Field label="Charge">
          <Select aria-label="Charge" value={charge} onChange={(_, d) => setCharge(d.value as Charge)}>
            {CHARGES.map((c) => <option key={c.charge} value={c.charge}>{c.label}</option>)}
          </Select>
        </Field>
        <Field label="Marketplace" hint="Blank for every marketplace">
          <Input aria-label="Marketplace" value={marketplace} placeholder="Amazon.de" onChange={(_, d) => setMarketplace(d.value)} />
        </Field>
        {charge !== 'tax' && (
          <Field label="Books to">
            <Select aria-label="Books to" value={lineType} onChange={(_, d) => setLineType(d.value as Exclude<LineType, 'tax-code'>)}>
              {LINE_TYPES.map((l) => <option key={l.lineType} value={l.lineType}>{l.label}</option>)}
            </Select>
          </Field>
        )}
        <Field label={list.label} hint={hint}>
          <Input aria-label="Target" className={s.mono} value={target} list={choices.length ? listId : undefined} onChange={(_, d) => setTarget(d.value)} />
        </Field>
        {choices.length > 0 && (
          <datalist id={listId}>
            {choices.map((c) => <option key={c.code} value={c.code}>{c.name}</option>)}
          </datalist>
        )}
        <Button type="submit" appearance="primary" disabled={!target.trim() || save.isPending}>Save</Button>
      </form>
      <ErrorBar error={save.error} title="The charge mapping was not saved" />
      <ErrorBar error={remove.error} title="The charge mapping was not removed" />
    </section>
  );
}
