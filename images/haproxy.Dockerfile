# HAProxy for the docker platform and compose files: the official image, tagged for this harness
# version. The config is copied (platform) or mounted (compose) at /usr/local/etc/haproxy/haproxy.cfg.
FROM haproxy:2.6
CMD ["haproxy", "-db", "-f", "/usr/local/etc/haproxy/haproxy.cfg"]
EXPOSE 8080
LABEL org.opencontainers.image.title=mcp-lb-bench-haproxy
