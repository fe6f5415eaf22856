const { runNode } = require('./helpers/n8n');
const { startBitrix24Sandbox } = require('../sandboxes/bitrix24');
(async () => {
  const sb = await startBitrix24Sandbox({ rateLimit: null });
  const creds = { bitrix24WebhookApi: { secretWebhookUrl: sb.webhookUrl(), rateLimitPlan: 'off' } };
  let r = await runNode({ type: 'bitrix24PaySystem', credentials: creds, parameters: { resource: 'handler', operation: 'getAll', returnAll: true } });
  console.log('list', r.items, r.error && r.error.message);
  r = await runNode({ type: 'bitrix24PaySystem', credentials: creds, parameters: { resource: 'payment', operation: 'pay', paymentId: '={{ $json.p }}', paySystemId: 5 }, items: [{p: 1}, {p: 'abc'}], continueOnFail: true });
  console.log('pay', JSON.stringify(r.outputItems, null, 1).slice(0, 2000), r.error && r.error.message);
  console.log(sb.calls.map(c => [c.method, JSON.stringify(c.body), c.status]));
  await sb.close();
})().catch(e => { console.error(e); process.exit(1); });
