package org.tcplifecycle.tools.diagram;

import java.util.Locale;
import java.util.TreeSet;

/**
 * Draws a {@link Ladder} as SVG. Every distinct time gets a row, so order is kept and long waits (2MSL)
 * take no more room than a round trip; the time of each row is written in the left margin.
 */
public final class Svg {
    private static final int ROW = 26;
    private static final int TOP = 90;
    private static final int LEFT_X = 370;
    private static final int RIGHT_X = 850;
    private static final int WIDTH = 1170;

    private Svg() {
    }

    public static String render(Ladder l) {
        TreeSet<Long> times = new TreeSet<>();
        for (Ladder.Arrow a : l.arrows()) {
            times.add(a.sendNanos());
            times.add(a.recvNanos());
        }
        for (Ladder.StateMark m : l.states()) times.add(m.nanos());
        for (Ladder.Note n : l.notes()) times.add(n.nanos());
        for (Ladder.Timer t : l.timers()) {
            times.add(t.startNanos());
            times.add(t.endNanos());
        }
        Long[] order = times.toArray(new Long[0]);
        long t0 = order.length == 0 ? 0 : order[0];
        int rows = order.length + 1;
        int height = TOP + rows * ROW + 40;
        StringBuilder b = new StringBuilder(8192);
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                + " font-family=\"monospace\" font-size=\"12\">%n", WIDTH, height, WIDTH, height));
        b.append("<title>").append(esc(l.title())).append("</title>\n");
        b.append("<defs><marker id=\"head\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\""
                + " orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#223\"/></marker></defs>\n");
        b.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        text(b, WIDTH / 2, 24, "middle", "title", null, "font-size=\"15\" font-weight=\"bold\"", l.title());
        text(b, LEFT_X, 60, "middle", "lifeline-name", "left", "font-weight=\"bold\"", l.leftName());
        text(b, RIGHT_X, 60, "middle", "lifeline-name", "right", "font-weight=\"bold\"", l.rightName());
        int bottom = TOP + rows * ROW;
        line(b, LEFT_X, 70, LEFT_X, bottom, "lifeline", "stroke=\"#888\" stroke-width=\"2\"");
        line(b, RIGHT_X, 70, RIGHT_X, bottom, "lifeline", "stroke=\"#888\" stroke-width=\"2\"");
        for (int i = 0; i < order.length; i++) {
            text(b, 8, y(i) + 4, "start", "time", null, "fill=\"#999\" font-size=\"10\"",
                    String.format(Locale.ROOT, "%.6f s", (order[i] - t0) / 1e9));
        }
        for (Ladder.Timer t : l.timers()) {
            int x = t.left() ? LEFT_X - 14 : RIGHT_X + 8;
            int y1 = y(rank(order, t.startNanos())), y2 = y(rank(order, t.endNanos()));
            if (t.open()) y2 = bottom - 4;
            b.append(String.format(Locale.ROOT, "<rect class=\"timer\" x=\"%d\" y=\"%d\" width=\"6\" height=\"%d\" fill=\"#fde\""
                    + " stroke=\"#c36\" stroke-dasharray=\"4 2\"/>%n", x, y1, Math.max(2, y2 - y1)));
            int tx = t.left() ? LEFT_X - 20 : RIGHT_X + 20;
            text(b, tx, (y1 + y2) / 2 + 4, t.left() ? "end" : "start", "timer-label", t.left() ? "left" : "right",
                    "fill=\"#c36\"", t.label());
        }
        for (Ladder.Arrow a : l.arrows()) {
            int ys = y(rank(order, a.sendNanos())), yr = y(rank(order, a.recvNanos()));
            int xs = a.fromLeft() ? LEFT_X : RIGHT_X, xr = a.fromLeft() ? RIGHT_X : LEFT_X;
            line(b, xs, ys, xr, yr, "segment", "stroke=\"#223\" stroke-width=\"1.5\" marker-end=\"url(#head)\"");
            double angle = Math.toDegrees(Math.atan2(yr - ys, xr - xs));
            if (angle > 90) angle -= 180;
            if (angle < -90) angle += 180;
            // the label starts at the sender's end, so two segments that cross keep their labels apart
            int mx = a.fromLeft() ? xs + 14 : xs - 14;
            int my = ys + (int) Math.round((yr - ys) * 14.0 / Math.abs(xr - xs)) - 5;
            b.append(String.format(Locale.ROOT, "<text class=\"segment-label\" x=\"%d\" y=\"%d\" text-anchor=\"%s\""
                    + " transform=\"rotate(%.1f %d %d)\">%s</text>%n", mx, my, a.fromLeft() ? "start" : "end", angle, mx, my,
                    esc(a.label())));
        }
        // states in time order, so a reader (or a test) meets them in the order they happened
        l.states().stream().sorted((p, q) -> Long.compare(p.nanos(), q.nanos())).forEach(m -> {
            int yy = y(rank(order, m.nanos())) + 4;
            int x = m.left() ? LEFT_X - 30 : RIGHT_X + 30;
            text(b, x, yy, m.left() ? "end" : "start", "state", m.left() ? "left" : "right",
                    "font-weight=\"bold\" fill=\"#06c\"", m.state().rfcName());
        });
        // several calls at one instant on one side share a line
        java.util.Map<String, String> lines = new java.util.LinkedHashMap<>();
        for (Ladder.Note n : l.notes()) {
            lines.merge(rank(order, n.nanos()) + (n.left() ? "L" : "R"), n.text(), (a, c) -> a + "; " + c);
        }
        for (java.util.Map.Entry<String, String> e : lines.entrySet()) {
            String k = e.getKey();
            boolean left = k.endsWith("L");
            int yy = y(Integer.parseInt(k.substring(0, k.length() - 1))) + 4;
            int x = left ? 110 : WIDTH - 10;
            text(b, x, yy, left ? "start" : "end", "note", left ? "left" : "right",
                    "font-style=\"italic\" fill=\"#555\"", e.getValue());
        }
        b.append("</svg>\n");
        return b.toString();
    }

    private static int y(int rank) {
        return TOP + rank * ROW;
    }

    private static int rank(Long[] order, long t) {
        int lo = 0, hi = order.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (order[mid] < t) lo = mid + 1;
            else if (order[mid] > t) hi = mid - 1;
            else return mid;
        }
        return lo;
    }

    private static void line(StringBuilder b, int x1, int y1, int x2, int y2, String cls, String attrs) {
        b.append(String.format(Locale.ROOT, "<line class=\"%s\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" %s/>%n", cls, x1, y1, x2, y2, attrs));
    }

    private static void text(StringBuilder b, int x, int y, String anchor, String cls, String side, String attrs, String s) {
        b.append(String.format(Locale.ROOT, "<text class=\"%s\"%s x=\"%d\" y=\"%d\" text-anchor=\"%s\" %s>%s</text>%n", cls,
                side == null ? "" : " data-side=\"" + side + "\"", x, y, anchor, attrs, esc(s)));
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
