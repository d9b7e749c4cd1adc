package io.driftless.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.LuminanceSource;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

class QrSvgTest {

    private static final String URL = "https://feature-checkout-redesign-acme-shop.preview.example.com/";

    @Test
    void theSvgDecodesBackToTheUrl() throws Exception {
        assertThat(decode(QrSvg.of(URL, "QR code"))).isEqualTo(URL);
    }

    @Test
    void aLongerTextNeedsMoreModulesAndStillDecodes() throws Exception {
        String longer = URL + "?" + "x".repeat(200);
        String svg = QrSvg.of(longer, "QR code");
        assertThat(modules(svg).getWidth()).isGreaterThan(modules(QrSvg.of(URL, "QR code")).getWidth());
        assertThat(decode(svg)).isEqualTo(longer);
    }

    @Test
    void isOnePathOfDarkModulesOnALightSquareWithAQuietZoneAndNoStyle() {
        String svg = QrSvg.of(URL, "QR code");
        assertThat(Pattern.compile("<path ").matcher(svg).results().count()).isEqualTo(1);
        assertThat(svg).doesNotContain("style").startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"");
        BitMatrix modules = modules(svg);
        for (int i = 0; i < modules.getWidth(); i++) {
            for (int border = 0; border < QrSvg.QUIET_ZONE; border++) {
                assertThat(modules.get(i, border)).as("top quiet zone at %d", i).isFalse();
                assertThat(modules.get(border, i)).as("left quiet zone at %d", i).isFalse();
            }
        }
    }

    @Test
    void theTitleIsEscaped() {
        assertThat(QrSvg.of(URL, "<b>&\"")).contains("<title>&lt;b&gt;&amp;&quot;</title>");
    }

    @Test
    void runsOfModulesBecomeOneRectangleEach() {
        BitMatrix matrix = new BitMatrix(5, 2);
        matrix.setRegion(1, 0, 3, 1);
        matrix.set(0, 1);
        matrix.set(4, 1);
        assertThat(QrSvg.svg(matrix, "t")).contains("d=\"M1 0h3v1h-3zM0 1h1v1h-1zM4 1h1v1h-1z\"");
    }

    /** Reads the modules back from the path's runs ({@code M<x> <y>h<run>v1h-<run>z}) and the viewBox. */
    static BitMatrix modules(String svg) {
        Matcher box = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"").matcher(svg);
        assertThat(box.find()).isTrue();
        BitMatrix matrix = new BitMatrix(Integer.parseInt(box.group(1)), Integer.parseInt(box.group(2)));
        Matcher d = Pattern.compile("<path [^>]*d=\"([^\"]*)\"").matcher(svg);
        assertThat(d.find()).isTrue();
        Matcher run = Pattern.compile("M(\\d+) (\\d+)h(\\d+)v1h-\\3z").matcher(d.group(1));
        int consumed = 0;
        while (run.find()) {
            assertThat(run.start()).as("nothing but runs in the path").isEqualTo(consumed);
            consumed = run.end();
            matrix.setRegion(Integer.parseInt(run.group(1)), Integer.parseInt(run.group(2)),
                    Integer.parseInt(run.group(3)), 1);
        }
        assertThat(consumed).isEqualTo(d.group(1).length());
        return matrix;
    }

    /** Decodes the SVG's QR code as a scanner would see it: four pixels a module, dark on light. */
    static String decode(String svg) throws Exception {
        BitMatrix modules = modules(svg);
        int scale = 4;
        int width = modules.getWidth() * scale;
        int height = modules.getHeight() * scale;
        byte[] pixels = new byte[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                pixels[y * width + x] = (byte) (modules.get(x / scale, y / scale) ? 0 : 255);
            }
        }
        LuminanceSource source = new LuminanceSource(width, height) {
            @Override
            public byte[] getRow(int y, byte[] row) {
                byte[] copy = row != null && row.length >= width ? row : new byte[width];
                System.arraycopy(pixels, y * width, copy, 0, width);
                return copy;
            }

            @Override
            public byte[] getMatrix() {
                return pixels;
            }
        };
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)),
                Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
    }
}
