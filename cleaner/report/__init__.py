"""Reports: views of the edit lists of a batch (JSONL, summary, word diff, HTML)."""

from cleaner.report.writer import REPORT_DIRNAME, ReportWriter, doc_record

__all__ = ["REPORT_DIRNAME", "ReportWriter", "doc_record"]
