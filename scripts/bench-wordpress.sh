# WordPress 6.9.7 as it runs in production, for the load scripts (bench-server.sh, bench-scale.sh):
# nginx and php-fpm from Debian's packages, php-fpm with as many workers as the machine has cores,
# opcache on, and the database start-wp.sh sets up in its MariaDB. Sourced; the caller sets ROOT,
# WORK, WP_TREE, WP_PORT, WP_INSTANCE and WORKERS, and defines log and die. start_wordpress sets
# WP_AUTH (admin:APPLICATION-PASSWORD).

install_packages() { # PACKAGES...
  local wanted=(nginx php8.2-fpm php8.2-opcache wrk curl "$@") missing=()
  for p in "${wanted[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  ((${#missing[@]})) || return 0
  log "installing ${missing[*]}"
  # Keep apt from starting Debian's own nginx and php-fpm services: this script runs its own.
  local made_policy=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; made_policy=1; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 ||
    { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }
  ((made_policy)) && rm -f /usr/sbin/policy-rc.d
  return 0
}

start_wordpress() {
  [[ -f $WP_TREE/wp-includes/version.php ]] ||
    die "no WordPress tree at $WP_TREE: export tag 6.9.7 of johnpbloch/wordpress-core there (../shared/wordpress/README.md)"
  grep -q "wp_version = '6.9" "$WP_TREE/wp-includes/version.php" || log "warning: $WP_TREE is not WordPress 6.9"
  log "installing WordPress (start-wp.sh, fresh database)"
  WP_NAME=$WP_INSTANCE WP_PORT=$WP_PORT WP_DOCROOT=$WP_TREE "$ROOT/../shared/wordpress/start-wp.sh" --reset >/dev/null
  # start-wp.sh serves with php -S; replace it with nginx + php-fpm on the same address, so the
  # site URL written into the database stays right.
  local inst=/var/lib/wp-oracle/$WP_INSTANCE
  if [[ -f $inst/server.pid ]]; then kill -- -"$(cat "$inst/server.pid")" 2>/dev/null || true; rm -f "$inst/server.pid"; fi
  sleep 0.5
  local content=$inst/wp-content fpm=$WORK/fpm
  mkdir -p "$fpm" "$WORK/nginx"
  cat >"$fpm/php-fpm.conf" <<CONF
[global]
pid = $fpm/php-fpm.pid
error_log = $fpm/error.log
daemonize = yes
[bench]
user = www-data
group = www-data
listen = $fpm/php-fpm.sock
listen.owner = www-data
listen.group = www-data
listen.mode = 0666
pm = static
pm.max_children = $WORKERS
php_admin_value[memory_limit] = 512M
php_admin_value[upload_max_filesize] = 32M
php_admin_value[post_max_size] = 64M
php_admin_value[max_execution_time] = 120
php_admin_value[opcache.enable] = 1
php_admin_value[opcache.memory_consumption] = 128
php_admin_value[opcache.max_accelerated_files] = 20000
CONF
  /usr/sbin/php-fpm8.2 --fpm-config "$fpm/php-fpm.conf"
  cat >"$WORK/nginx/nginx.conf" <<CONF
worker_processes $WORKERS;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  access_log off;
  client_max_body_size 64m;
  client_body_temp_path $WORK/nginx/body;
  fastcgi_temp_path $WORK/nginx/fastcgi;
  proxy_temp_path $WORK/nginx/proxy;
  uwsgi_temp_path $WORK/nginx/uwsgi;
  scgi_temp_path $WORK/nginx/scgi;
  server {
    listen 127.0.0.1:$WP_PORT;
    root $WP_TREE;
    index index.php;
    location /wp-content/uploads/ { alias $content/uploads/; }
    location / { try_files \$uri \$uri/ /index.php?\$args; }
    location ~ \.php\$ {
      include /etc/nginx/fastcgi_params;
      fastcgi_param SCRIPT_FILENAME \$document_root\$fastcgi_script_name;
      fastcgi_pass unix:$fpm/php-fpm.sock;
    }
  }
}
CONF
  /usr/sbin/nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx"
  WP_AUTH="admin:$(. /tmp/wp-oracle-$WP_INSTANCE.env && echo "$APP_PASSWORD")"
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' -u "$WP_AUTH" "http://127.0.0.1:$WP_PORT/wp-json/wp/v2/users/me?context=edit")
  [[ $code == 200 ]] || die "WordPress behind nginx answered $code to an authenticated request; see $fpm/error.log"
}

stop_wordpress() {
  [[ -f $WORK/nginx/nginx.pid ]] && kill "$(cat "$WORK/nginx/nginx.pid")" 2>/dev/null
  [[ -f $WORK/fpm/php-fpm.pid ]] && kill "$(cat "$WORK/fpm/php-fpm.pid")" 2>/dev/null
  "$ROOT/../shared/wordpress/stop-wp.sh" "$WP_INSTANCE" >/dev/null 2>&1 || true
  return 0
}

