package org.groupalliance.capture.ui;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.vaadin.flow.component.html.Image;
import io.nayuki.qrcodegen.QrCode;

/** A QR code of a link as an inline SVG image (medium error correction, 4-module quiet zone). */
final class QrImage {

    private QrImage() {
    }

    static Image of(String text, String alt) {
        QrCode qr = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
        int border = 4;
        int dim = qr.size + 2 * border;
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < qr.size; y++) {
            for (int x = 0; x < qr.size; x++) {
                if (qr.getModule(x, y)) {
                    path.append('M').append(x + border).append(',').append(y + border).append("h1v1h-1z");
                }
            }
        }
        String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + dim + " " + dim + "\" shape-rendering=\"crispEdges\">"
                + "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path d=\"" + path + "\" fill=\"#000\"/></svg>";
        Image image = new Image("data:image/svg+xml;base64," + Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.UTF_8)), alt);
        image.addClassName("qr-code");
        return image;
    }
}
