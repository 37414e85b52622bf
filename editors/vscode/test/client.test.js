// Drives `weft lsp` the way the extension does, with the same libraries
// (vscode-jsonrpc / vscode-languageserver-protocol from
// vscode-languageclient): initialize, diagnostics, hover with the stack
// size, and weft.evaluate.
const { test } = require('node:test');
const assert = require('node:assert');
const { spawn, execFileSync } = require('node:child_process');
const path = require('node:path');
const os = require('node:os');
const fs = require('node:fs');
const rpc = require('vscode-jsonrpc/node');

function weftBinary() {
  if (process.env.WEFT_BIN) return process.env.WEFT_BIN;
  // `weft lsp` hands over to the weft-lsp beside it: build both.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-'));
  execFileSync('go', ['build', '-o', dir + path.sep, './cmd/weft', './cmd/weft-lsp'], { cwd: path.join(__dirname, '..', '..', '..') });
  return path.join(dir, 'weft');
}

test('weft lsp serves the extension protocol', async () => {
  const server = spawn(weftBinary(), ['lsp'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = rpc.createMessageConnection(
    new rpc.StreamMessageReader(server.stdout),
    new rpc.StreamMessageWriter(server.stdin),
  );
  const diagnostics = [];
  let onDiag;
  conn.onNotification('textDocument/publishDiagnostics', (p) => {
    diagnostics.push(p);
    if (onDiag) onDiag(p);
  });
  conn.onRequest('workspace/inlayHint/refresh', () => null);
  conn.listen();
  try {
    const init = await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    assert.ok(init.capabilities.hoverProvider, 'hover advertised');
    assert.deepStrictEqual(init.capabilities.executeCommandProvider.commands, ['weft.evaluate']);
    conn.sendNotification('initialized', {});

    const uri = 'file:///tmp/ext-test.weft';
    const text = 'def add(a, b):\n    return a + b\n\nadd(2, 3)\nbroken = (\n';
    const gotDiag = new Promise((resolve) => {
      onDiag = (p) => {
        if (p.uri === uri && p.diagnostics.length > 0) resolve(p);
      };
    });
    conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'weft', version: 1, text } });
    const diag = await gotDiag;
    assert.ok(diag.diagnostics.some((d) => d.range.start.line >= 4), 'diagnostic on the broken line');

    const hover = await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 5 } });
    assert.match(hover.contents.value, /max stack 2 slots/);

    const res = await conn.sendRequest('workspace/executeCommand', {
      command: 'weft.evaluate',
      arguments: [{ uri, version: 1, range: { start: { line: 3, character: 0 }, end: { line: 3, character: 9 } } }],
    });
    assert.strictEqual(res.value, '5');
    assert.strictEqual(res.error, null);

    await conn.sendRequest('shutdown');
    const exited = new Promise((resolve) => server.on('exit', (code) => resolve(code)));
    await conn.sendNotification('exit');
    assert.strictEqual(await exited, 0, 'exit code 0 after shutdown and exit');
  } finally {
    conn.dispose();
    if (server.exitCode === null) server.kill();
  }
});
