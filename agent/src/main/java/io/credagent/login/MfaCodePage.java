package io.credagent.login;

import io.credagent.chain.MfaCodes;
import io.credagent.log.Log;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The "small dialog" of {@code interactive=desktop} for an MFA code: a page on 127.0.0.1, opened in
 * the person's browser, with one field. A page rather than a window of Java's own, because the
 * desktop JVMs credagent serves (DBeaver and other Eclipse tools) draw with SWT, beside which AWT
 * windows are unsafe. The page's path carries a random secret, so no other local page can answer
 * it; the wait is bounded.
 */
final class MfaCodePage implements MfaCodes.Prompt {

    private final Browser browser;
    private final Duration timeout;

    MfaCodePage(Browser browser, Duration timeout) {
        this.browser = browser;
        this.timeout = timeout;
    }

    /** The code the person entered, or empty when the page was not answered in time. */
    @Override
    public String ask(String question) {
        CompletableFuture<String> answer = new CompletableFuture<>();
        String path = "/mfa/" + UUID.randomUUID().toString().replace("-", ""); // as the PKCE state: SecureRandom
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 0);
        } catch (IOException e) {
            Log.error("interactive=desktop: cannot listen on 127.0.0.1 for the MFA code (" + e.getMessage() + ")");
            return "";
        }
        server.createContext(path, exchange -> page(exchange, question, answer));
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + path;
            if (!browser.showPage(url)) {
                Log.info("interactive=desktop: open " + url + " to enter the MFA code");
            }
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        } catch (ExecutionException e) {
            return "";
        } finally {
            server.stop(1); // lets the last page finish
        }
    }

    /** GET: the form; POST {@code code=...}: the answer, and a page that says it was taken. */
    private static void page(HttpExchange exchange, String question, CompletableFuture<String> answer) throws IOException {
        String code = null;
        if ("POST".equals(exchange.getRequestMethod())) {
            try (InputStream in = exchange.getRequestBody()) {
                code = field(new String(readAtMost(in, 1024), StandardCharsets.UTF_8), "code");
            }
        }
        boolean taken = code != null && code.trim().matches("[0-9]{6}");
        String body = taken
                ? "<p>The code was passed to credagent. You can close this tab.</p>"
                : "<form method=\"post\"><p><label>" + AuthorizationCodeFlow.escape(question) + " <input name=\"code\" inputmode=\"numeric\""
                + " autocomplete=\"one-time-code\" pattern=\"[0-9]{6}\" maxlength=\"6\" autofocus required></label>"
                + " <button type=\"submit\">OK</button></p>" + (code != null ? "<p>Enter the 6 digits.</p>" : "") + "</form>";
        byte[] page = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>credagent: MFA code</title></head><body>"
                + body + "</body></html>").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        try (OutputStream out = exchange.getResponseBody()) {
            exchange.sendResponseHeaders(200, page.length);
            out.write(page);
        } finally {
            if (taken) {
                answer.complete(code.trim());
            }
        }
    }

    private static String field(String form, String name) {
        for (String pair : form.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).equals(name)) {
                try {
                    return URLDecoder.decode(pair.substring(equals + 1), "UTF-8");
                } catch (java.io.UnsupportedEncodingException | IllegalArgumentException e) {
                    return "";
                }
            }
        }
        return "";
    }

    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        byte[] buffer = new byte[limit];
        int length = 0;
        for (int n; length < limit && (n = in.read(buffer, length, limit - length)) > 0; ) {
            length += n;
        }
        return java.util.Arrays.copyOf(buffer, length);
    }
}
