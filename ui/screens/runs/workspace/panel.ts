// "workspace files" (ui.md screen 4): the run's artifact tree beside a preview of the chosen file.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../../../html';
import { api } from '../../../api/endpoints';
import type { ArtifactInfo } from '../../../api/types';
import { useAsync } from '../../../lib/use-async';
import { ErrorNotice, Loading } from '../../../components/notice';
import { ArtifactTree } from './tree';
import { ArtifactPreview } from './preview';

/** The file to open first: the one asked for, else a report, else the first file. */
function initialPick(artifacts: readonly ArtifactInfo[], wanted: string | null): ArtifactInfo | undefined {
  return (
    artifacts.find((a) => a.path === wanted) ??
    artifacts.find((a) => /(^|\/)(final-)?report\.md$/i.test(a.path)) ??
    artifacts.find((a) => a.path.endsWith('.md')) ??
    artifacts[0]
  );
}

/** `onSelect`: a file chosen in the tree (the run view puts it in the URL). */
export function WorkspacePanel(props: { runId: string; version: number; open: string | null; onSelect?: (path: string) => void }) {
  const files = useAsync(() => api.artifacts(props.runId), [props.runId, props.version]);
  const [selected, setSelected] = useState<string | null>(props.open);
  const list = files.data;

  useEffect(() => {
    if (props.open) setSelected(props.open);
  }, [props.open]);
  useEffect(() => {
    if (list && !list.some((a) => a.path === selected)) setSelected(initialPick(list, selected)?.path ?? null);
  }, [list]);

  const current = list?.find((a) => a.path === selected);
  return html`<div class="workspace" id="workspace-files">
    ${files.error && html`<${ErrorNotice} error=${files.error} title="Could not list the workspace" />`}
    ${!list && !files.error && html`<${Loading} what="workspace files" />`}
    ${list && list.length === 0 && html`<p class="muted small">The run has written no files yet.</p>`}
    ${list && list.length > 0 &&
    html`<div class="workspace-body">
      <${ArtifactTree} artifacts=${list} selected=${selected} onSelect=${(a: ArtifactInfo) => (setSelected(a.path), props.onSelect?.(a.path))} />
      ${current ? html`<${ArtifactPreview} key=${current.path} runId=${props.runId} artifact=${current} />` : html`<p class="muted small">Choose a file.</p>`}
    </div>`}
  </div>`;
}
