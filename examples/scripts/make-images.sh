#!/usr/bin/env bash
# Regenerates examples/data/images/*.png, the demo corpus's pictures (ImageMagick 6: apt-get install -y imagemagick).
# Run once and commit the PNGs; nothing at run time needs ImageMagick.
set -euo pipefail
cd "$(dirname "$0")/../data/images"
IM=${IM:-/usr/bin/convert}
FONT=${FONT:-DejaVu-Sans}
W=240 H=160
png() { "$IM" -size ${W}x${H} xc:white -font "$FONT" "$@" -strip -colors 32 -define png:exclude-chunks=date,time "PNG8:$OUT"; }

OUT=chart-quarterly-revenue.png png -fill black -pointsize 14 -annotate +40+20 'Revenue by quarter' \
  -stroke gray40 -draw 'line 30,140 225,140' -draw 'line 30,140 30,30' -stroke none \
  -fill '#2f6fde' -draw 'rectangle 45,110 75,140' -draw 'rectangle 90,90 120,140' -draw 'rectangle 135,65 165,140' -draw 'rectangle 180,40 210,140' \
  -fill black -pointsize 11 -annotate +50+154 Q1 -annotate +95+154 Q2 -annotate +140+154 Q3 -annotate +185+154 Q4
OUT=chart-return-rate-by-category.png png -fill black -pointsize 13 -annotate +30+20 'Return rate by category' \
  -fill '#d9534f' -draw 'rectangle 80,35 220,55' -fill '#f0ad4e' -draw 'rectangle 80,65 170,85' -fill '#5bc0de' -draw 'rectangle 80,95 140,115' -fill '#5cb85c' -draw 'rectangle 80,125 115,145' \
  -fill black -pointsize 11 -annotate +8+50 Footwear -annotate +8+80 Jackets -annotate +8+110 Tents -annotate +8+140 Bottles
OUT=chart-sales-by-region.png png -fill black -pointsize 14 -annotate +60+20 'Sales by region' \
  -fill '#2f6fde' -draw 'path "M 90,90 L 90,35 A 55,55 0 0,1 145,90 Z"' -fill '#f0ad4e' -draw 'path "M 90,90 L 145,90 A 55,55 0 0,1 60,136 Z"' \
  -fill '#5cb85c' -draw 'path "M 90,90 L 60,136 A 55,55 0 0,1 42,62 Z"' -fill '#d9534f' -draw 'path "M 90,90 L 42,62 A 55,55 0 0,1 90,35 Z"' \
  -fill '#2f6fde' -draw 'rectangle 160,52 168,60' -fill '#f0ad4e' -draw 'rectangle 160,72 168,80' -fill '#5cb85c' -draw 'rectangle 160,92 168,100' -fill '#d9534f' -draw 'rectangle 160,112 168,120' \
  -fill black -pointsize 11 -annotate +173+60 North -annotate +173+80 South -annotate +173+100 East -annotate +173+120 West
OUT=chart-weekly-website-visitors.png png -fill black -pointsize 13 -annotate +30+20 'Weekly website visitors' \
  -stroke gray40 -draw 'line 25,140 225,140' -draw 'line 25,140 25,30' -stroke '#2f6fde' -strokewidth 3 -fill none \
  -draw 'line 30,80 60,95' -draw 'line 60,95 90,120' -draw 'line 90,120 120,110' -draw 'line 120,110 150,85' -draw 'line 150,85 180,60' -draw 'line 180,60 215,40'
OUT=chart-customer-satisfaction.png png -fill black -pointsize 14 -annotate +25+25 'Customer satisfaction' \
  -pointsize 40 -fill '#2f6fde' -annotate +60+90 '4.6 / 5' -fill '#f0ad4e' \
  -draw 'polygon 40,110 46,125 62,125 49,134 54,150 40,140 26,150 31,134 18,125 34,125' \
  -draw 'polygon 90,110 96,125 112,125 99,134 104,150 90,140 76,150 81,134 68,125 84,125' \
  -draw 'polygon 140,110 146,125 162,125 149,134 154,150 140,140 126,150 131,134 118,125 134,125' \
  -draw 'polygon 190,110 196,125 212,125 199,134 204,150 190,140 176,150 181,134 168,125 184,125'
OUT=product-red-running-shoe.png png -fill '#d62828' -draw 'path "M 30,110 C 40,70 80,60 110,70 L 150,90 C 180,95 210,100 215,115 L 215,120 L 30,120 Z"' \
  -fill white -draw 'rectangle 28,120 218,132' -stroke white -strokewidth 2 -draw 'line 95,75 110,95' -draw 'line 110,78 125,98'
OUT=product-yellow-rain-jacket.png png -fill '#f5c518' -draw 'polygon 90,30 150,30 185,60 200,140 160,140 160,150 80,150 80,140 40,140 55,60' \
  -fill '#d4a106' -draw 'ellipse 120,32 22,14 0,360' -stroke gray30 -strokewidth 2 -draw 'line 120,40 120,150'
OUT=product-green-tent.png png -fill '#7ec850' -draw 'rectangle 0,125 240,160' -fill '#2e7d32' -draw 'polygon 40,125 120,35 200,125' \
  -fill '#1b5e20' -draw 'polygon 105,125 120,75 135,125'
OUT=product-blue-water-bottle.png png -fill '#1e63c6' -draw 'roundrectangle 95,45 145,150 12,12' -fill gray50 -draw 'rectangle 105,25 135,45' -fill white -draw 'rectangle 100,80 140,95'
OUT=product-black-backpack.png png -fill '#222222' -draw 'roundrectangle 75,30 165,150 25,25' -fill '#444444' -draw 'roundrectangle 90,90 150,140 10,10' \
  -draw 'roundrectangle 55,70 75,130 6,6' -draw 'roundrectangle 165,70 185,130 6,6' -fill none -stroke '#222222' -strokewidth 5 -draw 'arc 100,10 140,45 180,360'
OUT=product-orange-kayak.png png -fill '#4a90d9' -draw 'rectangle 0,95 240,160' -fill '#ff7f11' -draw 'ellipse 120,95 105,16 0,360' -fill '#333333' -draw 'ellipse 120,92 20,6 0,360' \
  -stroke '#555555' -strokewidth 3 -draw 'line 70,60 170,125'
OUT=product-led-headlamp.png png -fill '#ffe680' -draw 'polygon 150,75 235,40 235,130' -fill '#444444' -draw 'ellipse 120,80 80,30 0,360' -fill white -draw 'ellipse 120,80 72,24 0,360' \
  -fill '#ff7f11' -draw 'roundrectangle 120,62 160,98 8,8' -fill '#fff7cc' -draw 'ellipse 150,80 8,10 0,360'
OUT=product-brown-hiking-boot.png png -fill '#7b4a24' -draw 'path "M 70,30 L 120,30 L 125,95 C 160,100 200,105 205,125 L 205,130 L 55,130 L 60,95 Z"' \
  -fill '#3b2414' -draw 'rectangle 52,130 208,142' -stroke '#e0c090' -strokewidth 2 -draw 'line 85,45 110,45' -draw 'line 85,60 110,60' -draw 'line 85,75 110,75'
OUT=map-store-locations.png png -fill '#e8f0e0' -draw 'rectangle 0,0 240,160' -fill '#9ecae1' -draw 'polygon 0,120 60,100 120,130 240,110 240,160 0,160' \
  -stroke '#bbbbbb' -strokewidth 4 -draw 'line 0,50 240,70' -draw 'line 150,0 130,160' -stroke none -fill '#d62828' \
  -draw 'circle 60,45 60,53' -draw 'circle 140,70 140,78' -draw 'circle 200,40 200,48' -fill black -pointsize 11 -annotate +10+20 'Store locations'
OUT=diagram-return-process.png png -fill '#dde8f8' -stroke '#2f6fde' -draw 'roundrectangle 5,60 70,100 8,8' -draw 'roundrectangle 88,60 153,100 8,8' -draw 'roundrectangle 170,60 235,100 8,8' \
  -stroke black -draw 'line 70,80 88,80' -draw 'line 153,80 170,80' -stroke none -fill black -pointsize 11 -annotate +13+84 Request -annotate +100+84 'Ship back' -annotate +182+84 Refund \
  -pointsize 13 -annotate +60+30 'How returns work'
ls -l
