'use strict';
/** The pace learnt from refusals when ActivePlatform documents no rate limit (a model, on a fake clock). */
const { AdaptiveRate } = require('../../dist/nodes/shared/rateModels');

function burst(model, now, sent, refused) {
	for (let i = 0; i < sent; i++) model.record(now);
	for (let i = 0; i < refused; i++) model.rejected(now + 5);
}

test('no pacing until the server refuses a request', () => {
	const model = new AdaptiveRate();
	for (let i = 0; i < 1000; i++) {
		expect(model.delay(i)).toBe(0);
		model.record(i);
	}
});

test('after a wave of refusals the pace is what the server accepted in the window', () => {
	const model = new AdaptiveRate(1000, 250, 5);
	burst(model, 10_000, 300, 290);
	// the refusals settle 250 ms after the first one; 10 per second, with 5% to spare
	expect(model.delay(10_300)).toBe(0);
	model.record(10_300);
	expect(model.delay(10_300)).toBe(105);
	model.record(10_405);
	expect(model.delay(10_405)).toBe(105);
});

test('an outage (nothing accepted) teaches no pace', () => {
	const model = new AdaptiveRate();
	burst(model, 10_000, 3, 3);
	model.delay(11_000);
	model.record(11_000);
	expect(model.delay(11_000)).toBe(0);
});

test('the pace grows by half after quiet windows and falls back after the next refusal', () => {
	const model = new AdaptiveRate(1000, 250, 5);
	burst(model, 10_000, 20, 10);
	model.delay(10_300);
	model.record(10_300);
	expect(model.delay(10_300)).toBe(105); // 10 per second
	model.delay(15_400); // five quiet windows later
	model.record(15_400);
	expect(model.delay(15_400)).toBe(70); // 15 per second
	// a probe above the limit: 16 sent in the window before the first refusal, 3 refused → 13
	for (let t = 15_401; t < 16_400; t += 70) model.record(t);
	model.rejected(16_390);
	model.rejected(16_395);
	model.rejected(16_399);
	model.delay(16_700);
	model.record(16_700);
	expect(model.delay(16_700)).toBe(Math.ceil((1000 / 13) * 1.05));
});
