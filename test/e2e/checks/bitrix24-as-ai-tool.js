'use strict';
/**
 * test/e2e/workflows/bitrix24-as-ai-tool.json: the node as an AI Agent tool
 * (`bitrix24PaySystemTool`, the variant n8n makes of every `usableAsTool` node), called by n8n's
 * Tool Executor the way an agent calls a tool, with a `$fromAI()` argument. n8n runs a tool
 * through its routing engine, not the node's custom operations: payment 102 is paid once.
 */
module.exports = {
	async check({ assert, output, state }) {
		const [result] = output('Tool Executor');
		assert.ok(result, 'the tool answered');
		// What the agent reads: the tool's items as JSON text.
		const answer = JSON.parse(typeof result === 'string' ? result : JSON.stringify(result));
		assert.equal(answer[0].success, true);
		const portal = await state('bitrix24');
		const paid = Object.fromEntries(portal.payments.map((p) => [p.ID, p.PAID]));
		assert.deepEqual(paid, { 101: 'N', 102: 'Y', 103: 'N' });
		assert.deepEqual(portal.payCalls, { 102: 1 });
	},
};
