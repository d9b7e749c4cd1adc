package io.driftless.server;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.LuminanceSource;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

/**
 * Reads a QR code the pages serve as SVG back into its text, with ZXing, as a phone's scanner would: the
 * path's runs of dark modules ({@code M<x> <y>h<run>v1h-<run>z}) into a module matrix, drawn four pixels a
 * module, decoded.
 */
final class QrCodeImages {

    private static final int SCALE = 4;

    private QrCodeImages() {
    }

    static String decode(String svg) throws Exception {
        BitMatrix modules = modules(svg);
        int width = modules.getWidth() * SCALE;
        int height = modules.getHeight() * SCALE;
        byte[] pixels = new byte[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                pixels[y * width + x] = (byte) (modules.get(x / SCALE, y / SCALE) ? 0 : 255);
            }
        }
        LuminanceSource source = new LuminanceSource(width, height) {
            @Override
            public byte[] getRow(int y, byte[] row) {
                byte[] into = row != null && row.length >= width ? row : new byte[width];
                System.arraycopy(pixels, y * width, into, 0, width);
                return into;
            }

            @Override
            public byte[] getMatrix() {
                return pixels;
            }
        };
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)),
                Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
    }

    static BitMatrix modules(String svg) {
        Matcher box = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"").matcher(svg);
        Matcher d = Pattern.compile("<path [^>]*d=\"([^\"]*)\"").matcher(svg);
        if (!box.find() || !d.find()) {
            throw new AssertionError("not a QR code as the pages draw it: " + svg);
        }
        BitMatrix matrix = new BitMatrix(Integer.parseInt(box.group(1)), Integer.parseInt(box.group(2)));
        Matcher run = Pattern.compile("M(\\d+) (\\d+)h(\\d+)v1h-\\3z").matcher(d.group(1));
        while (run.find()) {
            matrix.setRegion(Integer.parseInt(run.group(1)), Integer.parseInt(run.group(2)),
                    Integer.parseInt(run.group(3)), 1);
        }
        return matrix;
    }
}
