'use strict';
// The shared-state suites run against a real redis-server: install it on a fresh machine.
const path = require('node:path');

const { ensureRedisServer } = require(path.join(__dirname, '../scripts/redis/ensure-redis-server.js'));

module.exports = async () => {
	process.env.FAX_TEST_REDIS_SERVER = ensureRedisServer();
};
