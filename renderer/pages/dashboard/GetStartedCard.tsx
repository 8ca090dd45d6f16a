import { Button, Card, CardHeader, makeStyles, Text, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  steps: { margin: 0, paddingLeft: '20px', display: 'flex', flexDirection: 'column', gap: '10px' },
  step: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: '4px' },
  muted: { color: tokens.colorNeutralForeground3 },
});

const go = (path: string) => () => (window.location.hash = `#/${path}`);

/**
 * What a workspace with no connection and no settlement shows first: the three ways in, so a new user is
 * not left reading zero counts. The demo is opened in place in a demo workspace; elsewhere it is a
 * separate workspace the app opens when started without --workspace.
 */
export function GetStartedCard({ demo, openDemo, opening }: { demo: boolean; openDemo: () => void; opening: boolean }) {
  const s = useStyles();
  return (
    <Card data-testid="get-started">
      <CardHeader header={<Text weight="semibold">Nothing here yet. Start with one of these:</Text>} />
      <ol className={s.steps}>
        <li className={s.step}>
          <Text>Connect Amazon (your Seller Central account) and your ERP, then import new settlements from Amazon.</Text>
          <Button appearance="primary" onClick={go('connections')}>Connect Amazon and your ERP</Button>
        </li>
        <li className={s.step}>
          <Text>Or import a settlement report file you downloaded from Seller Central.</Text>
          <Button onClick={go('settlements')}>Import a settlement file</Button>
        </li>
        <li className={s.step}>
          {demo ? (
            <>
              <Text>Or try everything first on the demo companies, with no credentials.</Text>
              <Button disabled={opening} onClick={openDemo}>Open the demo</Button>
            </>
          ) : (
            <Text>
              Or try everything first on the demo, with no credentials: started without <code>--workspace</code>, the app opens its demo workspace (<code>ml-connector serve --workspace DIR --demo</code> makes a folder one).
            </Text>
          )}
        </li>
      </ol>
    </Card>
  );
}
