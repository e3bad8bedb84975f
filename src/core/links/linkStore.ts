import fs = require('fs');
import path = require('path');
import vscode = require('vscode');
import { writeWholeFile } from '../../shared/wholeFile';
import {
  emptyLinkFile,
  filesOfFunction,
  findLink,
  FunctionLink,
  LinkFileContent,
  LINK_FILE,
  normalizeApiUrl,
  parseLinkFile,
  serializeLinkFile,
  withLink,
  withoutLink,
} from '../../shared/linkFile';
import { DirectFolderWatch } from '../folderWatch';

/** A file's link as the current server sees it. */
export interface LinkedFile {
  folder: vscode.WorkspaceFolder;
  /** Workspace-relative path with forward slashes, the key in the link file. */
  relativePath: string;
  link: FunctionLink;
}

type FolderState = { ok: true; content: LinkFileContent } | { ok: false; message: string; line: number };

/**
 * The links of every workspace folder, read from `.notte/functions.json` when first asked and again
 * when the file changes. A malformed file is reported once (file and line) and never written over.
 */
export class LinkStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly states = new Map<string, FolderState>();
  private readonly reported = new Set<string>();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** The folders' .notte, also watched directly (core/folderWatch.ts); armed again on each read. */
  private readonly folderWatch: DirectFolderWatch;

  /** `apiUrl` answers the server runs go to now: a link belongs to one server. */
  constructor(private readonly apiUrl: () => string) {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${LINK_FILE}`);
    const reload = (uri: vscode.Uri) => {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      if (folder) this.states.delete(folder.uri.toString());
      this.changed.fire();
    };
    const linkFolders = () => (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => path.dirname(this.linkFilePath(f)));
    this.folderWatch = new DirectFolderWatch({ folders: linkFolders, isOurs: (name) => name === path.basename(LINK_FILE), changed: reload });
    this.subscriptions.push(
      this.folderWatch,
      watcher,
      watcher.onDidCreate(reload),
      watcher.onDidChange(reload),
      watcher.onDidDelete(reload),
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.states.clear();
        this.changed.fire();
      }),
    );
  }

  /** The server changed (the local server started or stopped, a setting): links read anew. */
  serverChanged(): void {
    this.changed.fire();
  }

  get currentApiUrl(): string {
    return normalizeApiUrl(this.apiUrl());
  }

  /** The file's link to a function on the current server, if it has one. */
  linkOf(uri: vscode.Uri): LinkedFile | undefined {
    const where = this.locate(uri);
    if (!where) return undefined;
    const state = this.state(where.folder);
    if (!state.ok) return undefined;
    const link = findLink(state.content, where.relativePath, this.currentApiUrl);
    return link && { ...where, link };
  }

  /** Links of the file to other servers than the current one. */
  otherServers(uri: vscode.Uri): FunctionLink[] {
    const where = this.locate(uri);
    if (!where) return [];
    const state = this.state(where.folder);
    if (!state.ok) return [];
    return (state.content.links.get(where.relativePath) ?? []).filter((l) => l.apiUrl !== this.currentApiUrl);
  }

  /** The workspace files linked to a function of the current server. */
  filesOf(functionId: string): vscode.Uri[] {
    const files: vscode.Uri[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const state = this.state(folder);
      if (!state.ok) continue;
      for (const relative of filesOfFunction(state.content, functionId, this.currentApiUrl)) files.push(vscode.Uri.joinPath(folder.uri, relative));
    }
    return files;
  }

  /** Every link of the current server, for finding a traceback's file by name. */
  allLinked(): LinkedFile[] {
    const all: LinkedFile[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const state = this.state(folder);
      if (!state.ok) continue;
      for (const [relativePath, links] of state.content.links) {
        const link = links.find((l) => l.apiUrl === this.currentApiUrl);
        if (link) all.push({ folder, relativePath, link });
      }
    }
    return all;
  }

  /**
   * Whether the link file of the file's folder cannot be read now; when so, says why (with a way to open it
   * at its line), as a write would. A command that would write a link asks first, so that nothing is done
   * (a function uploaded, "not linked" said of a linked file) that the broken file then belies.
   */
  refuseIfBroken(uri: vscode.Uri): boolean {
    const where = this.locate(uri);
    if (!where) return false;
    this.states.delete(where.folder.uri.toString());
    const state = this.state(where.folder, false);
    if (state.ok) return false;
    void this.showProblem(where.folder, state, true);
    return true;
  }

  /** The problem of the folder's link file, when it cannot be read. */
  problem(uri: vscode.Uri): string | undefined {
    const where = this.locate(uri);
    if (!where) return undefined;
    const state = this.state(where.folder);
    return state.ok ? undefined : state.message;
  }

  /** Links the file to a function of the current server; false (after saying why) when the link file cannot be read. */
  async link(uri: vscode.Uri, link: Omit<FunctionLink, 'apiUrl'>): Promise<boolean> {
    return this.edit(uri, (content, relativePath) => withLink(content, relativePath, { ...link, apiUrl: this.currentApiUrl }));
  }

  async unlink(uri: vscode.Uri): Promise<boolean> {
    return this.edit(uri, (content, relativePath) => withoutLink(content, relativePath, this.currentApiUrl));
  }

  /** Where the file sits for the link file: its workspace folder and relative path, or undefined outside any folder. */
  locate(uri: vscode.Uri): { folder: vscode.WorkspaceFolder; relativePath: string } | undefined {
    if (uri.scheme !== 'file') return undefined;
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return undefined;
    const relativePath = path.relative(folder.uri.fsPath, uri.fsPath).split(path.sep).join('/');
    if (!relativePath || relativePath.startsWith('..')) return undefined;
    return { folder, relativePath };
  }

  linkFilePath(folder: vscode.WorkspaceFolder): string {
    return path.join(folder.uri.fsPath, ...LINK_FILE.split('/'));
  }

  private async edit(uri: vscode.Uri, change: (content: LinkFileContent, relativePath: string) => LinkFileContent): Promise<boolean> {
    const where = this.locate(uri);
    if (!where) {
      void vscode.window.showErrorMessage(
        vscode.l10n.t("{0} is not inside a workspace folder, so it cannot be linked: the link is kept in the folder's {1}.", path.basename(uri.fsPath), LINK_FILE),
      );
      return false;
    }
    // Read again right before writing: the file may have changed since it was last read.
    this.states.delete(where.folder.uri.toString());
    const state = this.state(where.folder, false);
    if (!state.ok) {
      void this.showProblem(where.folder, state, true);
      return false;
    }
    const file = this.linkFilePath(where.folder);
    const text = serializeLinkFile(change(state.content, where.relativePath));
    writeWholeFile(file, text);
    // The read above may have found no .notte to watch: it exists now.
    this.folderWatch.rearm();
    this.states.set(where.folder.uri.toString(), parseOk(text));
    this.changed.fire();
    return true;
  }

  private state(folder: vscode.WorkspaceFolder, report = true): FolderState {
    const key = folder.uri.toString();
    let state = this.states.get(key);
    if (!state) {
      state = this.read(folder);
      this.states.set(key, state);
      if (!state.ok && report) void this.showProblem(folder, state, false);
    }
    return state;
  }

  private read(folder: vscode.WorkspaceFolder): FolderState {
    this.folderWatch.rearm();
    let text: string;
    try {
      text = fs.readFileSync(this.linkFilePath(folder), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true, content: emptyLinkFile() };
      return { ok: false, line: 1, message: `${LINK_FILE} in ${folder.name} cannot be read: ${(error as Error).message}` };
    }
    const parsed = parseLinkFile(text);
    if (parsed.ok) return { ok: true, content: parsed.content };
    return { ok: false, line: parsed.line, message: `${LINK_FILE} in ${folder.name}, line ${parsed.line}, column ${parsed.column}: ${parsed.message}` };
  }

  /** Said once per problem (again when asked to write), with a way to open the file at that line. */
  private async showProblem(folder: vscode.WorkspaceFolder, state: Extract<FolderState, { ok: false }>, writing: boolean): Promise<void> {
    const key = `${folder.uri.toString()}|${state.message}`;
    if (!writing && this.reported.has(key)) return;
    this.reported.add(key);
    const tail = writing ? 'The link was not saved and the file was left as it is; fix it and try again.' : 'Its links are ignored until it is fixed; the file is left as it is.';
    const choice = await vscode.window.showErrorMessage(`${state.message}. ${tail}`, 'Open File');
    if (choice === 'Open File') {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(this.linkFilePath(folder)));
      const line = Math.max(0, state.line - 1);
      await vscode.window.showTextDocument(doc, { selection: new vscode.Range(line, 0, line, 0) });
    }
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.changed.dispose();
  }
}

function parseOk(text: string): FolderState {
  const parsed = parseLinkFile(text);
  return parsed.ok ? { ok: true, content: parsed.content } : { ok: true, content: emptyLinkFile() };
}
