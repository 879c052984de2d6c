// Reading and replacing the Playbook YAML in the editor (CodeMirror once its chunk is in): its
// editable region reads like a textarea (`value`), and the text is replaced as a person would —
// select all, then type (insertText), since CodeMirror renders only the lines in view.
import type { Locator, Page } from 'playwright-core';

/** The editor, after CodeMirror replaced the stand-in textarea. */
export async function yamlEditor(page: Page): Promise<Locator> {
  await page.locator('.cm-content').waitFor();
  return page.getByLabel(/playbook yaml/);
}

export async function readYaml(page: Page): Promise<string> {
  return (await yamlEditor(page)).evaluate((el) => (el as HTMLTextAreaElement).value);
}

export async function writeYaml(page: Page, text: string): Promise<void> {
  const editor = await yamlEditor(page);
  await editor.click();
  await page.keyboard.press('Control+a');
  await page.keyboard.insertText(text);
  await page.keyboard.press('Escape'); // a completion list opened by the typing
  if ((await readYaml(page)) !== text) throw new Error('the editor did not take the new YAML');
}
