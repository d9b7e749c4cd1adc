package io.driftless.web;

import java.util.Map;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

/**
 * A QR code as SVG. ZXing computes the code (its modules, with the quiet zone); ZXing's own image writers
 * give raster images only (java.awt, in its javase artifact), so the few lines that turn the modules into
 * SVG are written here: one {@code <path>} of the dark modules, one unit per module, on a light square, with
 * no style attribute (the Content-Security-Policy allows none).
 */
final class QrSvg {

    /** Modules of light border around the code, as the QR specification asks for. */
    static final int QUIET_ZONE = 4;

    private QrSvg() {
    }

    /** The QR code of {@code text} (at error correction level M), as an SVG document titled {@code title}. */
    static String of(String text, String title) {
        try {
            BitMatrix modules = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.MARGIN, QUIET_ZONE, EncodeHintType.CHARACTER_SET, "UTF-8",
                            EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M));
            return svg(modules, title);
        } catch (WriterException e) {
            throw new IllegalArgumentException("no QR code holds " + text.length() + " characters", e);
        }
    }

    /** The dark modules as one path of horizontal runs: {@code M<x> <y>h<run>v1h-<run>z} each. */
    static String svg(BitMatrix modules, String title) {
        int width = modules.getWidth();
        int height = modules.getHeight();
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < height; y++) {
            int x = 0;
            while (x < width) {
                if (!modules.get(x, y)) {
                    x++;
                    continue;
                }
                int start = x;
                while (x < width && modules.get(x, y)) {
                    x++;
                }
                int run = x - start;
                path.append('M').append(start).append(' ').append(y).append('h').append(run).append("v1h-")
                        .append(run).append('z');
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + width + " " + height + "\""
                + " shape-rendering=\"crispEdges\" role=\"img\"><title>" + escape(title) + "</title>"
                + "<rect width=\"" + width + "\" height=\"" + height + "\" fill=\"#fff\"/>"
                + "<path fill=\"#000\" d=\"" + path + "\"/></svg>\n";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
