'use strict';
/**
 * The n8n versions the harness runs against (the support matrix's tested legs), and which one
 * this run uses. One switch picks it for `npm start`, `npm run test:e2e`, `npm run test:queue`
 * and `npm run screenshots`:
 *
 *   N8N_E2E=newest (default)  n8n 2.41.1 on Node 24 (what `npm install n8n` gives today)
 *   N8N_E2E=floor             n8n 2.8.4 on the Node running the harness (Node 20 here)
 *
 * Each leg has its own install folder (package.json + package-lock.json, node_modules beside
 * them), so both can be installed and cached side by side.
 */
const path = require('node:path');

const e2eDir = path.resolve(__dirname, '..');

/**
 * @typedef {object} Leg
 * @property {string} key          'newest' | 'floor'
 * @property {string} n8nVersion   the exact n8n version in the leg's package.json
 * @property {string} n8nDir       install folder (package.json, package-lock.json, node_modules)
 * @property {number} nodeMajor    the Node major the leg runs n8n on
 * @property {string} [nodeDir]    folder whose package.json installs that Node from the npm
 *                                 registry, when the harness's own Node is older
 */

/** @type {Record<string, Leg>} */
const LEGS = {
	newest: {
		key: 'newest',
		n8nVersion: '2.41.1',
		n8nDir: path.join(e2eDir, 'n8n-2.41'),
		// n8n 2.36 and later refuse to start on Node < 24 (engines: node >= 24).
		nodeMajor: 24,
		nodeDir: path.join(e2eDir, 'node24'),
	},
	floor: {
		key: 'floor',
		n8nVersion: '2.8.4',
		n8nDir: path.join(e2eDir, 'n8n-2.8'),
		nodeMajor: 20,
	},
};

const SWITCH = 'N8N_E2E';

/** The leg named by N8N_E2E (default: newest); an unknown name fails loudly instead of guessing. */
function selectedLeg(env = process.env) {
	const name = (env[SWITCH] ?? '').trim().toLowerCase() || 'newest';
	const leg = LEGS[name];
	if (!leg) {
		throw new Error(`${SWITCH}=${env[SWITCH]} is not a tested n8n leg; use one of: ${Object.keys(LEGS).join(', ')}`);
	}
	return leg;
}

module.exports = { LEGS, SWITCH, selectedLeg };
