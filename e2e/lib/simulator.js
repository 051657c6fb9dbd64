'use strict';
/** The fax-provider simulator as a child process (`node dist/simulator/cli.js`), and its control API. */
const fs = require('node:fs');

const paths = require('./paths');
const { ManagedProcess } = require('./processes');
const { waitFor } = require('./util');

class SimulatorControl {
	constructor(url) {
		this.url = url;
	}

	async call(method, urlPath, body) {
		const response = await fetch(`${this.url}/_sim${urlPath}`, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		const json = text ? JSON.parse(text) : undefined;
		if (!response.ok) throw new Error(`simulator ${method} /_sim${urlPath}: ${response.status} ${text.slice(0, 200)}`);
		return json;
	}

	info() {
		return this.call('GET', '');
	}
	setSpeed(speed) {
		return this.call('POST', '/clock/speed', { speed });
	}
	faxes(query = {}) {
		const search = new URLSearchParams(query).toString();
		return this.call('GET', `/faxes${search ? `?${search}` : ''}`);
	}
	addWebhook(body) {
		return this.call('POST', '/sendfaxmail/webhooks', body);
	}
	clearWebhooks() {
		return this.call('DELETE', '/sendfaxmail/webhooks');
	}
	deliveries() {
		return this.call('GET', '/sendfaxmail/webhooks/deliveries');
	}
	inbound(body) {
		return this.call('POST', '/sendfaxmail/inbound', body);
	}
	configure(body) {
		return this.call('POST', '/config', body);
	}
}

/**
 * @returns {Promise<{ process: ManagedProcess, url: string, baseUrls: Record<string,string>,
 *   keys: {faxRocks: string, faxDrop: string, sendFaxMail: string}, control: SimulatorControl }>}
 */
async function startSimulator({ port, speed = 10, logFile, rateLimits = true }) {
	if (!fs.existsSync(paths.simulatorCli)) throw new Error('dist/simulator is missing: run npm run build first');
	const args = [paths.simulatorCli, '--port', String(port), '--speed', String(speed)];
	if (!rateLimits) args.push('--no-rate-limits');
	const simProcess = new ManagedProcess('simulator', process.execPath, args, { cwd: paths.repoDir, logFile });
	const url = `http://127.0.0.1:${port}`;
	const control = new SimulatorControl(url);
	let info;
	try {
		info = await waitFor(
			`the fax simulator on ${url}`,
			async () => {
				if (simProcess.exited) {
					throw Object.assign(new Error(`simulator exited (${simProcess.exitCode}); see ${logFile}`), { fatal: true });
				}
				return await control.info();
			},
			{ timeoutMs: 20000, intervalMs: 100 },
		);
	} catch (error) {
		await simProcess.stop();
		throw error;
	}
	return {
		process: simProcess,
		url,
		baseUrls: info.baseUrls,
		keys: {
			faxRocks: info.keys.faxRocks.primary,
			faxDrop: info.keys.faxDrop.primary,
			sendFaxMail: info.keys.sendFaxMail.business,
		},
		control,
	};
}

module.exports = { startSimulator, SimulatorControl };
