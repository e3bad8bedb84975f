import vscode = require('vscode');
import { FunctionsModel } from '../../core/functions/functionsModel';
import { toTreeItem } from './treeItems';
import { TreeNode } from '../../core/functions/nodes';

/** The Functions view: draws what the model knows (functionsModel.ts) and repaints what it says changed. */
export class FunctionsTreeProvider implements vscode.TreeDataProvider<TreeNode> {
  readonly onDidChangeTreeData: vscode.Event<TreeNode | undefined>;

  constructor(private readonly model: FunctionsModel) {
    this.onDidChangeTreeData = model.onDidChange;
  }

  getChildren(element?: TreeNode): Promise<TreeNode[]> {
    return this.model.children(element);
  }

  getTreeItem(element: TreeNode): vscode.TreeItem {
    return toTreeItem(element, Date.now(), element.kind === 'run' && this.model.stoppedHere(element.id));
  }

  getParent(element: TreeNode): TreeNode | undefined {
    return this.model.parentOf(element);
  }
}
