// Layer: views (provision). The label's QR code as SVG text, made with the `qrcode` package (error correction M:
// a label may be scuffed). The text it encodes comes from the flow (LabelData.qrText); nothing secret goes in.
// `qrcode` loads with the first label (the Done panel), not with the first screen.
export async function labelQrSvg(text: string): Promise<string> {
  const { default: QRCode } = await import('qrcode');
  return QRCode.toString(text, {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 2,
    color: { dark: '#000000', light: '#ffffff' },
  });
}
