package org.groupalliance.export;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.groupalliance.base.JsonError;
import org.groupalliance.base.ValidationException;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The scripted export, behind a personal access token (security.ApiSecurityConfig):
 * {@code GET /api/v1/export} streams the zip, {@code GET /api/v1/export/{file}} one of its files.
 * Query parameters are the page's filter ({@link ExportFilter}); errors are JSON: 400 a bad
 * filter or file name, 403 no access (also for a group that does not exist).
 */
@RestController
class ExportController {

    private final ExportService exports;

    ExportController(ExportService exports) {
        this.exports = exports;
    }

    @GetMapping("/api/v1/export")
    void zip(@RequestParam Map<String, String> params, HttpServletResponse response) throws IOException {
        ExportFilter filter = ExportFilter.parse(new LinkedHashMap<>(params));
        exports.count(filter); // access and filter are checked before a byte is sent
        response.setContentType("application/zip");
        response.setHeader("Content-Disposition", "attachment; filename=\"groupalliance-export.zip\"");
        exports.writeZip(filter, response.getOutputStream(), "API");
    }

    @GetMapping("/api/v1/export/{file}")
    void file(@PathVariable String file, @RequestParam Map<String, String> params, HttpServletResponse response) throws IOException {
        ExportFilter filter = ExportFilter.parse(new LinkedHashMap<>(params));
        if (!ExportService.FILES.contains(file)) {
            throw ValidationException.of("file", "unknown file '" + file + "' (files: " + String.join(", ", ExportService.FILES) + ")");
        }
        exports.count(filter);
        response.setContentType(file.endsWith(".csv") ? "text/csv; charset=UTF-8"
                : file.endsWith(".md") ? "text/markdown; charset=UTF-8" : "text/plain; charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"" + file + "\"");
        exports.writeFile(filter, file, response.getOutputStream(), "API");
    }

    @ExceptionHandler(ValidationException.class)
    ResponseEntity<String> badFilter(ValidationException e) {
        return json(new JsonError(400, "bad_request", e.getMessage()));
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<String> noAccess(AccessDeniedException e) {
        return json(new JsonError(403, "forbidden", e.getMessage()));
    }

    private static ResponseEntity<String> json(JsonError error) {
        return ResponseEntity.status(error.status()).header("Content-Type", "application/json").body(error.toJson());
    }
}
