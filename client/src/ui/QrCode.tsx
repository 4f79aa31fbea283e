import QRCode from 'qrcode';
import { useEffect, useState } from 'react';

/**
 * A QR code drawn as inline SVG, so it stays sharp at any projector size and on paper (the
 * projector's join screen, the registrants' printable join cards).
 */
export function QrCode({
  value,
  label,
  testId = 'projector-qr',
}: {
  value: string;
  label: string;
  testId?: string;
}) {
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toString(value, {
      type: 'svg',
      margin: 1,
      errorCorrectionLevel: 'M',
      color: { dark: '#000000', light: '#ffffff' },
    })
      .then((s) => {
        if (live) setSvg(s);
      })
      .catch(() => {
        if (live) setSvg(null);
      });
    return () => {
      live = false;
    };
  }, [value]);
  // The markup comes from the qrcode library rendering our own URL, never from user input.
  return (
    <div
      className="qr"
      role="img"
      aria-label={label}
      data-testid={testId}
      data-qr-value={value}
      dangerouslySetInnerHTML={svg ? { __html: svg } : undefined}
    />
  );
}
