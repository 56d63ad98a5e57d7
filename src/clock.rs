//! Wall-clock seconds. `std::time::SystemTime` panics on `wasm32-unknown-unknown`, so in wasm the
//! time comes from the host's `Date.now()`.

/// Seconds since the Unix epoch.
pub fn unix_now() -> u64 {
    #[cfg(target_arch = "wasm32")]
    {
        // Date.now() is milliseconds as an f64; always positive and far below 2^53.
        (js_sys::Date::now() / 1000.0) as u64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0)
    }
}
