import type { AssessmentReportFile } from '../../../shared/model/assessment';

/** How long a download's object URL is kept: the browser reads it after the click returns. */
const REVOKE_AFTER_MS = 60_000;

/** The report as a Blob of its content type; PDF arrives base64-encoded, HTML and CSV as text. */
export function reportBlob(file: AssessmentReportFile): Blob {
  if (file.encoding === 'base64') {
    const binary = atob(file.content);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return new Blob([bytes], { type: file.contentType });
  }
  return new Blob([file.content], { type: file.contentType });
}

/**
 * Hands the file to the browser as a download (an `<a download>` click): the web host saves it in
 * the downloads folder, the desktop app asks where to save it.
 */
export function saveFile(file: AssessmentReportFile, doc: Document = document): void {
  const url = URL.createObjectURL(reportBlob(file));
  const link = doc.createElement('a');
  link.href = url;
  link.download = file.filename;
  link.hidden = true;
  doc.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}
