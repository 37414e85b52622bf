// The Weft extension: a thin client over `weft lsp`. All intelligence
// (diagnostics, hovers with stack sizes, evaluation) lives in the server;
// this file starts it, forwards settings and renders evaluation results.
import * as vscode from 'vscode';
import { execFile } from 'child_process';
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;
let evalOutput: vscode.OutputChannel;
const resultDecoration = vscode.window.createTextEditorDecorationType({
  after: { margin: '0 0 0 1.5em', color: new vscode.ThemeColor('editorCodeLens.foreground') },
});
const errorDecoration = vscode.window.createTextEditorDecorationType({
  after: { margin: '0 0 0 1.5em', color: new vscode.ThemeColor('errorForeground') },
});

interface EvalResult {
  uri: string;
  version: number;
  value: string | null;
  stdout: string;
  error: null | { type: string; message: string; traceback: { uri: string; range: vscode.Range; function: string }[] };
  tasklets: { name: string; state: string; uri?: string; range?: any }[];
  instructions: number;
  elapsed_ms: number;
  truncated: boolean;
}

function settings() {
  const cfg = vscode.workspace.getConfiguration('weft');
  return {
    evaluate: {
      maxInstructions: cfg.get<number>('evaluate.maxInstructions'),
      timeoutMs: cfg.get<number>('evaluate.timeoutMs'),
      maxHeapMB: cfg.get<number>('evaluate.maxHeapMB'),
    },
    lint: {
      select: cfg.get<string[]>('lint.select'),
      ignore: cfg.get<string[]>('lint.ignore'),
      maxStack: cfg.get<number>('lint.maxStack'),
    },
  };
}

function serverPath(): string {
  return vscode.workspace.getConfiguration('weft').get<string>('server.path') || 'weft';
}

/** Checks that the server binary runs; shows a clear message when not. */
function checkServer(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    // `weft lsp` hands over to weft-lsp, so ask the server, not weft alone.
    execFile(path, ['lsp', '--version'], (err) => {
      if (err) {
        vscode.window
          .showErrorMessage(
            `Weft: cannot run the language server "${path}" (${err.message}). Install weft and weft-lsp with \`go install github.com/weft-lang/weft/cmd/...@latest\` or set "weft.server.path".`,
            'Open Settings',
          )
          .then((choice) => {
            if (choice) {
              vscode.commands.executeCommand('workbench.action.openSettings', 'weft.server.path');
            }
          });
        resolve(false);
      } else {
        resolve(true);
      }
    });
  });
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  const path = serverPath();
  if (!(await checkServer(path))) {
    return;
  }
  const args = vscode.workspace.getConfiguration('weft').get<string[]>('server.args') || [];
  const serverOptions: ServerOptions = {
    command: path,
    args: ['lsp', ...args],
    transport: TransportKind.stdio,
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'weft' }],
    outputChannel: output,
    initializationOptions: settings(),
    synchronize: {
      configurationSection: 'weft',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{weft.toml,*.weft}'),
    },
  };
  client = new LanguageClient('weft', 'Weft Language Server', serverOptions, clientOptions);
  await client.start();
  client.onNotification('weft/evaluationResult', (res: EvalResult) => render(res));
}

/** Shows `= value` after the evaluated lines (full value on hover) and
 * the printed output in the "Weft Evaluation" channel. */
function render(res: EvalResult, lastLine?: number) {
  const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === res.uri);
  if (res.stdout) {
    evalOutput.append(res.stdout);
  }
  if (!editor) {
    return;
  }
  const line = lastLine ?? editor.selection.end.line;
  const end = editor.document.lineAt(Math.min(line, editor.document.lineCount - 1)).range.end;
  const range = new vscode.Range(end, end);
  if (res.error) {
    editor.setDecorations(resultDecoration, []);
    editor.setDecorations(errorDecoration, [
      {
        range,
        renderOptions: { after: { contentText: `✗ ${res.error.type}: ${res.error.message}` } },
      },
    ]);
    return;
  }
  editor.setDecorations(errorDecoration, []);
  const text = res.value === null ? '✓' : `= ${res.value}`;
  const short = text.length > 80 ? text.slice(0, 79) + '…' : text;
  const hover = new vscode.MarkdownString();
  hover.appendCodeblock(res.value ?? '(no value)', 'python');
  hover.appendMarkdown(`\n${res.instructions} instructions · ${res.elapsed_ms.toFixed(1)} ms`);
  editor.setDecorations(resultDecoration, [{ range, hoverMessage: hover, renderOptions: { after: { contentText: short } } }]);
}

async function evaluate(whole: boolean) {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'weft' || !client) {
    vscode.window.showWarningMessage('Weft: open a .weft file with the server running to evaluate.');
    return;
  }
  const doc = editor.document;
  const arg: any = { uri: doc.uri.toString(), version: doc.version };
  if (!whole) {
    arg.range = client.code2ProtocolConverter.asRange(editor.selection);
  }
  try {
    const res = (await client.sendRequest('workspace/executeCommand', {
      command: 'weft.evaluate',
      arguments: [arg],
    })) as EvalResult;
    render(res, whole ? doc.lineCount - 1 : editor.selection.end.line);
  } catch (e: any) {
    vscode.window.showErrorMessage(`Weft: evaluation failed: ${e.message ?? e}`);
  }
}

export async function activate(context: vscode.ExtensionContext) {
  output = vscode.window.createOutputChannel('Weft');
  evalOutput = vscode.window.createOutputChannel('Weft Evaluation');
  context.subscriptions.push(
    output,
    evalOutput,
    vscode.commands.registerCommand('weft.evaluateSelection', () => evaluate(false)),
    vscode.commands.registerCommand('weft.evaluateFile', () => evaluate(true)),
    vscode.commands.registerCommand('weft.showOutput', () => output.show()),
    vscode.commands.registerCommand('weft.restartServer', async () => {
      if (client) {
        await client.stop();
        client = undefined;
      }
      await startClient(context);
    }),
  );
  await startClient(context);
}

export async function deactivate(): Promise<void> {
  if (client) {
    await client.stop();
  }
}
