import { Button, Checkbox, Field, Input, makeStyles, Subtitle2, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens } from '@fluentui/react-components';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { call } from '../../api/client';
import { ErrorBar } from '../../components/ErrorBar';

const useStyles = makeStyles({
  section: { marginTop: '24px', display: 'flex', flexDirection: 'column', gap: '8px' },
  form: { display: 'flex', gap: '12px', alignItems: 'flex-end', flexWrap: 'wrap' },
  error: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  ok: { color: tokens.colorPaletteGreenForeground1, fontWeight: tokens.fontWeightSemibold },
  muted: { color: tokens.colorNeutralForeground3 },
});

/**
 * An offer-only listing for an ERP item on an ASIN Amazon already has: priced by the rule, checked by Amazon
 * against the product type's requirements first (each refused attribute named), created once after that.
 */
export function OfferSection({ amazonConnectionId, marketplaceId }: { amazonConnectionId: string; marketplaceId: string }) {
  const s = useStyles();
  const [sku, setSku] = useState('');
  const [asin, setAsin] = useState('');
  const [productType, setProductType] = useState('');
  const [fba, setFba] = useState(false);
  const input = { amazonConnectionId, marketplaceId, sku, asin, productType, condition: 'new_new', fbaChannel: fba ? (marketplaceId === 'ATVPDKIKX0DER' ? 'AMAZON_NA' : 'AMAZON_EU') : null };
  const check = useMutation({ mutationFn: (i: typeof input) => call('listings.offerCheck', i) });
  const create = useMutation({ mutationFn: (i: typeof input) => call('listings.offerCreate', i) });
  const result = create.data ?? check.data;
  const busy = check.isPending || create.isPending;
  const reset = () => { check.reset(); create.reset(); };
  return (
    <section className={s.section} aria-label="Offer-only listing">
      <Subtitle2 as="h2">Offer on an existing ASIN</Subtitle2>
      <Text className={s.muted}>For an ERP item whose SKU is mapped: Amazon validates the offer first; it is created only once that passes.</Text>
      <div className={s.form}>
        <Field label="SKU"><Input value={sku} onChange={(_e, d) => { setSku(d.value); reset(); }} /></Field>
        <Field label="ASIN"><Input value={asin} onChange={(_e, d) => { setAsin(d.value); reset(); }} /></Field>
        <Field label="Product type"><Input value={productType} placeholder="CHAIR" onChange={(_e, d) => { setProductType(d.value.toUpperCase()); reset(); }} /></Field>
        <Checkbox label="Fulfilled by Amazon" checked={fba} onChange={(_e, d) => { setFba(!!d.checked); reset(); }} />
        <Button onClick={() => { create.reset(); check.mutate(input); }} disabled={busy || !sku || !asin || !productType}>{check.isPending ? 'Validating…' : 'Validate with Amazon'}</Button>
        <Button appearance="primary" onClick={() => create.mutate(input)} disabled={busy || check.data?.status !== 'VALID'}>{create.isPending ? 'Creating…' : 'Create offer'}</Button>
      </div>
      <ErrorBar error={check.error ?? create.error} />
      {result && (
        <Text data-testid="offer-summary">
          {result.price.amount} {result.price.currency}{result.quantity === null ? ', FBA' : `, quantity ${result.quantity}`} ({result.steps}).{' '}
          <span className={result.status === 'VALID' ? s.ok : s.error}>
            {create.data ? { created: 'Created on Amazon.', 'already-listed': 'Amazon already lists this SKU; nothing was sent.', refused: 'Amazon refused it.' }[create.data.outcome] : result.status === 'VALID' ? 'Amazon finds it valid.' : 'Amazon finds it invalid.'}
          </span>
        </Text>
      )}
      {result && result.issues.length > 0 && (
        <Table size="small" aria-label="Amazon's issues per attribute">
          <TableHeader>
            <TableRow><TableHeaderCell>Attribute</TableHeaderCell><TableHeaderCell>Severity</TableHeaderCell><TableHeaderCell>Amazon says</TableHeaderCell></TableRow>
          </TableHeader>
          <TableBody>
            {result.issues.map((i, n) => (
              <TableRow key={n} data-testid="offer-issue">
                <TableCell><code>{i.attributeNames?.join(', ') ?? '—'}</code></TableCell>
                <TableCell className={i.severity === 'ERROR' ? s.error : undefined}>{i.severity}</TableCell>
                <TableCell>{i.message}{i.code ? <span className={s.muted}> ({i.code})</span> : null}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}
