package dev.sandstone.web;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/ui-config}: public, so the app can choose its sign-in before it has a token. */
@RestController
class UiConfigController {

    private final UiConfig config;

    UiConfigController(UiConfig config) {
        this.config = config;
    }

    @GetMapping("/api/ui-config")
    ResponseEntity<UiConfig> uiConfig() {
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(config);
    }
}
