# The RAVOT referral service. Build: docker build -t ravot-referral-service .
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
COPY console ./console
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
USER node
EXPOSE 3000
# The port the service listens on (PORT, 3000 by default); the start period covers the wait for the database
# (DATABASE_CONNECT_RETRY_SECONDS, 60 s by default) and the migrations.
HEALTHCHECK --interval=15s --timeout=3s --start-period=90s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/ready').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# A bounded heap: Node sizes it from the machine's memory otherwise, and lets the service grow past 300 MB under load.
# 8 MB semi-spaces for the embedded database (its peak RSS stays under 300 MB); with DATABASE_URL start.js switches to 32 MB,
# which halve the service's CPU per request on a server (src/node-flags.ts, docs/performance.md).
CMD ["node", "--liftoff-only", "--max-old-space-size=256", "--max-semi-space-size=8", "dist/src/start.js"]
