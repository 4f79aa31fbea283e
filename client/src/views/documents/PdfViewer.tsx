import { GlobalWorkerOptions, getDocument, type PDFDocumentProxy } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

GlobalWorkerOptions.workerSrc = workerUrl;

/**
 * A PDF drawn in the page with Mozilla's pdf.js (loaded only when a PDF is opened: its own chunk):
 * phones whose browser would only download a PDF show it here. Pages are drawn to the width of the
 * screen, at the screen's pixel density. The whole file is fetched (no range requests), so the
 * service worker keeps it for reading offline.
 */
export default function PdfViewer({ url, onError }: { url: string; onError: () => void }) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const [pages, setPages] = useState<number | null>(null);

  useEffect(() => {
    let pdf: PDFDocumentProxy | null = null;
    let live = true;
    const target = box.current;
    const task = getDocument({ url, disableRange: true, isEvalSupported: false });
    void (async () => {
      try {
        pdf = await task.promise;
        if (!live || !target) return;
        setPages(pdf.numPages);
        const width = target.clientWidth;
        const ratio = window.devicePixelRatio || 1;
        for (let n = 1; n <= pdf.numPages && live; n += 1) {
          const page = await pdf.getPage(n);
          const base = page.getViewport({ scale: 1 });
          const viewport = page.getViewport({ scale: (width / base.width) * ratio });
          const canvas = document.createElement('canvas');
          canvas.width = Math.floor(viewport.width);
          canvas.height = Math.floor(viewport.height);
          canvas.style.width = `${width}px`;
          canvas.className = 'pdf-page';
          canvas.setAttribute('aria-label', t('content.page', { n }));
          target.append(canvas);
          await page.render({ canvas, viewport }).promise;
        }
      } catch {
        if (live) onError();
      }
    })();
    return () => {
      live = false;
      void task.destroy();
      target?.replaceChildren();
    };
  }, [url, onError, t]);

  return (
    <div className="pdf-viewer" data-testid="pdf-viewer" data-pages={pages ?? ''}>
      <div ref={box} className="pdf-pages" />
    </div>
  );
}
