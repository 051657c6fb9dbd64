'use strict';
/** Debian's Chromium driven by puppeteer-core (never a downloaded browser). */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const paths = require('./paths');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

function loadPuppeteer() {
	try {
		return require('puppeteer-core');
	} catch {
		return require(path.join(paths.n8nModules, 'puppeteer-core'));
	}
}

/** Headless Chromium with a fresh profile and no background traffic to Google's hosts. */
async function launchBrowser() {
	if (!fs.existsSync(CHROMIUM)) {
		throw new Error(`${CHROMIUM} not found: apt-get update && apt-get install -y chromium`);
	}
	const puppeteer = loadPuppeteer();
	const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-fax-chromium-'));
	const browser = await puppeteer.launch({
		executablePath: CHROMIUM,
		headless: true,
		userDataDir,
		defaultViewport: { width: 1440, height: 900, deviceScaleFactor: 1 },
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			`--user-data-dir=${userDataDir}`,
		],
	});
	const close = async () => {
		await browser.close().catch(() => undefined);
		fs.rmSync(userDataDir, { recursive: true, force: true });
	};
	return { browser, close };
}

module.exports = { launchBrowser, loadPuppeteer, CHROMIUM };
