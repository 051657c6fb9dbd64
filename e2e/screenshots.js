#!/usr/bin/env node
'use strict';
/**
 * `npm run screenshots`: the package in the n8n editor, photographed by headless Chromium
 * (Debian's /usr/bin/chromium through puppeteer-core) into docs/:
 *   docs/canvas-light.png    the demo workflow (all three providers) in the light theme
 *   docs/canvas-dark.png     the same in the dark theme (node icons have dark variants)
 *   docs/fax-node-panel.png  the Fax node's parameter panel (SendFAXMail, Send, options)
 *   docs/node-search.png     the nodes panel searched for "fax": Fax, Fax Trigger, SendFAXMail Trigger
 *   docs/intake-canvas.png   the intake example (SendFAXMail Trigger → route by sender)
 *   docs/fax-locator.png     the Fax field's "From List" open (SendFAXMail, masked numbers)
 *   docs/agent-tools.png     an AI Agent's tool list searched for "fax": the Fax node as a tool
 * It starts its own stack (simulator + n8n) on free ports and stops it at the end.
 * `--out DIR` writes the PNGs elsewhere (e.g. in CI, to check the editor without touching docs/).
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const paths = require('./lib/paths');
const { launchBrowser } = require('./lib/browser');
const { startStack, callWebhook } = require('./lib/stack');

const log = (line) => process.stdout.write(`${line}\n`);

async function login(page, stack) {
	await page.goto(`${stack.n8n.url}/signin`, { waitUntil: 'networkidle0' });
	await page.type('input[name="emailOrLdapLoginId"]', stack.owner.email);
	await page.type('input[name="password"]', stack.owner.password);
	await page.click('[data-test-id="form-submit-button"]');
	try {
		await page.waitForFunction(() => !location.pathname.includes('/signin'), { timeout: 20000 });
	} catch {
		await page.screenshot({ path: path.join(paths.dataDir, 'login-failed.png') });
		throw new Error(`login failed (see ${path.join(paths.dataDir, 'login-failed.png')})`);
	}
}

/** Opens a workflow and waits until its nodes are drawn (icons loaded) and the view has settled. */
async function openWorkflow(page, stack, workflowId, { theme = 'light', nodes }) {
	await page.goto(`${stack.n8n.url}/workflow/${workflowId}?theme=${theme}`, { waitUntil: 'networkidle0' });
	await page.waitForFunction(
		(count) => document.querySelectorAll('[data-test-id="canvas-node"]').length >= count,
		{ timeout: 30000 },
		nodes,
	);
	await page.waitForFunction(
		() => [...document.querySelectorAll('[data-test-id="canvas-node"] img')].every((img) => img.complete && img.naturalWidth > 0),
		{ timeout: 15000 },
	);
	await checkPackageIcons(page, theme);
	await dismissToasts(page);
	// Fit the workflow into the view (keyboard shortcut "1" = zoom to fit) and let it settle.
	await page.mouse.click(5, 450);
	await page.keyboard.press('1');
	await settle(page);
	// One step further out, so the floating "Execute workflow" button covers no node label.
	await page.keyboard.press('-');
	await settle(page);
}

/** Every node of this package shows its icon, loaded, in the variant of the theme (x.svg / x.dark.svg). */
async function checkPackageIcons(page, theme) {
	const icons = await page.evaluate(() =>
		[...document.querySelectorAll('[data-test-id="canvas-node"][data-node-type^="n8n-nodes-fax."]')].map((node) => {
			const img = node.querySelector('img');
			return { node: node.getAttribute('data-node-name'), src: img?.getAttribute('src') ?? null, width: img?.naturalWidth ?? 0 };
		}),
	);
	if (!icons.length) throw new Error('no n8n-nodes-fax node on the canvas');
	for (const icon of icons) {
		const wantDark = theme === 'dark';
		if (!icon.src || icon.width === 0 || icon.src.endsWith('.dark.svg') !== wantDark) {
			throw new Error(`icon of "${icon.node}" in the ${theme} theme: ${JSON.stringify(icon)}`);
		}
	}
	log(`  ${theme} theme: ${icons.length} package node icons loaded (${[...new Set(icons.map((icon) => icon.src.split('/').pop()))].join(', ')})`);
}

async function settle(page) {
	await page.evaluate(
		() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 400)))),
	);
}

async function dismissToasts(page) {
	await page.evaluate(() => {
		for (const close of document.querySelectorAll('.el-notification .el-notification__closeBtn')) close.click();
	});
}

async function openNode(page, nodeName) {
	const selector = `[data-test-id="canvas-node"][data-node-name="${nodeName}"]`;
	await page.waitForSelector(selector, { timeout: 10000 });
	const box = await (await page.$(selector)).boundingBox();
	await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2, { clickCount: 2 });
	await page.waitForSelector('[data-test-id="ndv"]', { visible: true, timeout: 15000 });
	await page.waitForSelector('[data-test-id="parameter-input-toNumber"], [data-test-id="node-parameters"]', {
		visible: true,
		timeout: 15000,
	});
	await settle(page);
}

/**
 * A workflow with a Fax node (version 1.1, SendFAXMail, Get Status) whose Fax locator lists the
 * simulator's faxes, and an AI Agent to show the tool list. The simulator gets some faxes first.
 */
async function editorWorkflow(stack) {
	await stack.sim.control.call('POST', '/seed', { provider: 'sendFaxMail', count: 40, spreadSeconds: 3 * 86400 });
	const credential = stack.credentials.sendFaxMailApi;
	const node = (name, type, typeVersion, position, parameters = {}) => ({
		id: crypto.randomUUID(),
		name,
		type,
		typeVersion,
		position,
		parameters,
	});
	return await stack.client.createWorkflow({
		name: 'Fax in the editor (screenshots)',
		nodes: [
			node('Start', 'n8n-nodes-base.manualTrigger', 1, [0, 0]),
			{
				...node('Get fax status', 'n8n-nodes-fax.fax', 1.1, [260, 0], {
					provider: 'sendFaxMail',
					resource: 'fax',
					operation: 'getStatus',
					faxId: { __rl: true, mode: 'list', value: '' },
				}),
				credentials: { sendFaxMailApi: { id: credential.id, name: credential.name } },
			},
			node('AI Agent', '@n8n/n8n-nodes-langchain.agent', 3.1, [260, 300]),
		],
		connections: { Start: { main: [[{ node: 'Get fax status', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	});
}

/** The Fax field's list, opened. */
async function shootLocator(page, shoot) {
	const input = '[data-test-id="resource-locator-faxId"] [data-test-id="rlc-input"]';
	await page.waitForSelector(input, { visible: true, timeout: 15000 });
	await page.click(input);
	await page.waitForFunction(() => document.querySelectorAll('[data-test-id="rlc-item"]').length >= 5, {
		timeout: 20000,
	});
	const names = await page.evaluate(() =>
		[...document.querySelectorAll('[data-test-id="rlc-item"]')].map((item) => item.textContent.trim()),
	);
	if (names.some((name) => /\+1\d{10}/.test(name))) throw new Error('an unmasked number in the fax list');
	await settle(page);
	await shoot(page, 'fax-locator.png');
	log(`  fax list: ${names.length} entries, e.g. "${names[0]}"`);
}

/** The AI Agent's "Tool" input: the tool list searched for "fax". */
async function shootAgentTools(page, shoot) {
	const plus =
		'[data-test-id="canvas-node-input-handle"][data-connection-type="ai_tool"][data-node-name="AI Agent"] [data-test-id="canvas-handle-plus"]';
	await page.waitForSelector(plus, { visible: true, timeout: 15000 });
	await page.click(plus);
	await page.waitForSelector('[data-test-id="node-creator-search-bar"], [data-test-id="search-bar"] input', { visible: true });
	await page.keyboard.type('fax');
	await page.waitForFunction(
		() =>
			[...document.querySelectorAll('[data-test-id="node-creator-node-item"], [data-test-id="item-iterator-item"]')].some((item) =>
				/\bFax\b/.test(item.textContent),
			),
		{ timeout: 10000 },
	);
	await settle(page);
	await shoot(page, 'agent-tools.png');
}

function outDir() {
	const args = process.argv.slice(2);
	const index = args.findIndex((arg) => arg === '--out' || arg.startsWith('--out='));
	if (index < 0) return paths.docsDir;
	const value = args[index].includes('=') ? args[index].slice(6) : args[index + 1];
	return path.resolve(value);
}

async function main() {
	const started = Date.now();
	const docsDir = outDir();
	const dataDir = path.join(paths.dataDir, 'screenshots');
	fs.rmSync(dataDir, { recursive: true, force: true });
	fs.mkdirSync(docsDir, { recursive: true });
	const stack = await startStack({
		dataDir,
		examples: ['demo', 'referral', 'intake', 'batchSchedule', 'failedFaxAlert'],
		activate: ['demo', 'intake'],
		log,
	});
	const { browser, close } = await launchBrowser();
	const shots = [];
	const shoot = async (page, name) => {
		const file = path.join(docsDir, name);
		await page.screenshot({ path: file });
		shots.push(path.relative(process.cwd(), file));
		log(`  wrote ${path.relative(process.cwd(), file)}`);
	};
	try {
		log('Running the demo once, so its workflow has an execution');
		const demoRun = await callWebhook(stack, 'fax-demo');
		if (demoRun.status !== 200) throw new Error(`demo run answered ${demoRun.status}`);

		const page = await browser.newPage();
		// On a busy machine the editor's first loads can take well over puppeteer's 30 s default.
		page.setDefaultNavigationTimeout(120000);
		page.setDefaultTimeout(60000);
		page.on('pageerror', (error) => log(`  (page error: ${error.message})`));
		// The editor must not reach out of the machine (telemetry, fonts, templates, …).
		const external = new Set();
		page.on('request', (request) => {
			const { protocol, hostname } = new URL(request.url());
			if (['http:', 'https:', 'ws:', 'wss:'].includes(protocol) && hostname !== '127.0.0.1' && hostname !== 'localhost') {
				external.add(`${protocol}//${hostname}`);
			}
		});
		stack.externalRequests = external;
		log('Signing in to the editor');
		await login(page, stack);

		const demo = stack.workflows.demo;
		await openWorkflow(page, stack, demo.id, { theme: 'light', nodes: 6 });
		await shoot(page, 'canvas-light.png');

		await openNode(page, 'Send with SendFAXMail');
		await shoot(page, 'fax-node-panel.png');
		await page.keyboard.press('Escape');

		await openWorkflow(page, stack, demo.id, { theme: 'dark', nodes: 6 });
		await shoot(page, 'canvas-dark.png');

		await openWorkflow(page, stack, stack.workflows.intake.id, { theme: 'light', nodes: 5 });
		await shoot(page, 'intake-canvas.png');

		// The nodes panel, searched for "fax".
		await page.click('[data-test-id="canvas-plus-button"], [data-test-id="node-creator-plus-button"]');
		await page.waitForSelector('[data-test-id="node-creator-search-bar"], [data-test-id="search-bar"] input', { visible: true });
		await page.keyboard.type('fax');
		await page.waitForFunction(
			() => document.querySelectorAll('[data-test-id="node-creator-node-item"], [data-test-id="item-iterator-item"]').length >= 3,
			{ timeout: 10000 },
		);
		await settle(page);
		await shoot(page, 'node-search.png');

		// A Fax node's locator list open, then an AI Agent's tools (each on a freshly opened page).
		const editor = await editorWorkflow(stack);
		await openWorkflow(page, stack, editor.id, { theme: 'light', nodes: 3 });
		await openNode(page, 'Get fax status');
		await shootLocator(page, shoot);
		await openWorkflow(page, stack, editor.id, { theme: 'light', nodes: 3 });
		await shootAgentTools(page, shoot);
		log(
			external.size
				? `  the editor tried to reach: ${[...external].join(', ')}`
				: '  the editor made no request outside 127.0.0.1',
		);
	} finally {
		await close();
		await stack.stop();
	}
	log(`Screenshots done in ${Math.round((Date.now() - started) / 1000)} s: ${shots.join(', ')}`);
}

main().catch((error) => {
	process.stderr.write(`screenshots failed: ${error.stack ?? error.message}\n`);
	process.exitCode = 1;
});
