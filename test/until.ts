/**
 * Waits until `check` holds, polling every 10 ms. The deadline only ends a wait for something
 * that will never happen (a clear failure instead of the test's time budget running out): a
 * busy machine must never reach it, so keep it generous.
 */
export async function until(
	check: () => boolean,
	timeoutMs = 30_000,
	label = 'condition',
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${label}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}
