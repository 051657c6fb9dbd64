// n8n loads the nodes and credentials listed in package.json's "n8n" section from dist/;
// this entry exists so `require('n8n-nodes-fax')` resolves.
module.exports = {};
