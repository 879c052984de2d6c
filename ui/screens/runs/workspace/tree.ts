// The workspace as a folder tree: folders collapse (details/summary), files are buttons that open
// a preview; a file whose content derives from untrusted data is marked. Everything is reachable
// with Tab and Enter.
import { html } from '../../../html';
import type { ArtifactInfo } from '../../../api/types';
import { bytes } from '../../../lib/format';
import { UntrustedMark } from '../../../components/untrusted';

export type Folder = { name: string; path: string; folders: Folder[]; files: ArtifactInfo[] };

export function buildTree(artifacts: readonly ArtifactInfo[]): Folder {
  const root: Folder = { name: '', path: '', folders: [], files: [] };
  for (const artifact of [...artifacts].sort((a, b) => a.path.localeCompare(b.path))) {
    const parts = artifact.path.split('/');
    let folder = root;
    for (const part of parts.slice(0, -1)) {
      const path = folder.path ? `${folder.path}/${part}` : part;
      let next = folder.folders.find((f) => f.name === part);
      if (!next) {
        next = { name: part, path, folders: [], files: [] };
        folder.folders.push(next);
      }
      folder = next;
    }
    folder.files.push(artifact);
  }
  return root;
}

function FolderList(props: { folder: Folder; selected: string | null; onSelect: (a: ArtifactInfo) => void }) {
  const { folder } = props;
  return html`<ul class="tree-list">
    ${folder.folders.map(
      (f) => html`<li key=${f.path}>
        <details open class="tree-folder">
          <summary><span aria-hidden="true">▸</span>${f.name}/</summary>
          <${FolderList} folder=${f} selected=${props.selected} onSelect=${props.onSelect} />
        </details>
      </li>`,
    )}
    ${folder.files.map((a) => {
      const name = a.path.split('/').pop();
      const selected = props.selected === a.path;
      return html`<li key=${a.path}>
        <button type="button" class=${selected ? 'tree-file selected' : 'tree-file'} aria-pressed=${selected} title=${a.path} onClick=${() => props.onSelect(a)}>
          <span class="tree-file-name">${name}</span>
          ${a.taint?.length ? html`<${UntrustedMark} sources=${a.taint} what="its content" compact />` : null}
          <span class="muted small">${bytes(a.size)}</span>
        </button>
      </li>`;
    })}
  </ul>`;
}

export function ArtifactTree(props: { artifacts: readonly ArtifactInfo[]; selected: string | null; onSelect: (a: ArtifactInfo) => void }) {
  return html`<nav class="tree" aria-label="Workspace files"><${FolderList} folder=${buildTree(props.artifacts)} selected=${props.selected} onSelect=${props.onSelect} /></nav>`;
}
