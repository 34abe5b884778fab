import { FileCode, FileSpreadsheet, FileText } from 'lucide-react';
import { Spinner } from '../../components/Spinner';
import type { ReportFormat } from '../../stores/assessment-store';
import { useAssessmentStore } from '../../stores/StudioProvider';
import { saveFile } from '../../ui/download';

const FORMATS: { format: ReportFormat; label: string; title: string; icon: typeof FileText }[] = [
  { format: 'html', label: 'HTML', title: 'The full report as a web page (opens in any browser; best for sharing).', icon: FileCode },
  { format: 'pdf', label: 'PDF', title: 'The same report, printed to PDF.', icon: FileText },
  { format: 'csv', label: 'CSV', title: 'The findings as a spreadsheet (one line per finding).', icon: FileSpreadsheet },
];

/** "Export report" as HTML, PDF or the findings as CSV: rendered by the engine, saved by the browser. */
export function ReportExport() {
  const exportReport = useAssessmentStore((s) => s.exportReport);
  const exporting = useAssessmentStore((s) => s.exporting);
  const onExport = async (format: ReportFormat) => {
    const file = await exportReport(format);
    if (file) saveFile(file);
  };
  return (
    <div className="report-export" role="group" aria-label="Export report">
      <span className="muted">Export report</span>
      {FORMATS.map(({ format, label, title, icon: Icon }) => (
        <button
          key={format}
          type="button"
          className="btn btn-small"
          title={title}
          disabled={exporting !== null}
          aria-busy={exporting === format}
          data-testid={`export-${format}`}
          onClick={() => void onExport(format)}
        >
          {exporting === format ? <Spinner size={14} /> : <Icon aria-hidden="true" size={14} />}
          {label}
        </button>
      ))}
    </div>
  );
}
