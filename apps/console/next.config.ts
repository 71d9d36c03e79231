// Next.js settings for the console. It imports no workspace package (it is a plain GraphQL client of the
// API), so there is nothing to transpile; add a package to transpilePackages if that changes.
import type { NextConfig } from 'next';

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  transpilePackages: [],
};

export default config;
