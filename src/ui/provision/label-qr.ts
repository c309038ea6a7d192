// Layer: views (provision). The label's QR code as SVG text, made with the `qrcode` package (error correction M:
// a label may be scuffed). The text it encodes comes from the flow (LabelData.qrText); nothing secret goes in.
import QRCode from 'qrcode';

export function labelQrSvg(text: string): Promise<string> {
  return QRCode.toString(text, {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 2,
    color: { dark: '#000000', light: '#ffffff' },
  });
}
