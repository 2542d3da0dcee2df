# nginx for the docker platform: the official image, tagged for this harness version.
# The config is copied (platform) or mounted (compose) at /etc/nginx/nginx.conf.
FROM nginx:1.27
CMD ["nginx", "-g", "daemon off;"]
EXPOSE 8080
LABEL org.opencontainers.image.title=mcp-lb-bench-nginx
