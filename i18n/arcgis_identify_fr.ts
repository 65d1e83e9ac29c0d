<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>ArcGisCore</name>
    <message>
        <location filename="../core/auth.py" line="76"/>
        <source>The token is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/auth.py" line="121"/>
        <source>A username and a password are needed to request a token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/auth.py" line="157"/>
        <source>The server asks for the password over plain http although the service uses https; refusing to send it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/auth.py" line="234"/>
        <source>An authentication configuration needs QGIS.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/auth.py" line="237"/>
        <source>The QGIS authentication manager is not available.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/auth.py" line="240"/>
        <source>The authentication configuration {} cannot be loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/errors.py" line="99"/>
        <source>The service {} answered with error {}: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/errors.py" line="101"/>
        <source>The ArcGIS server answered with error {}: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/errors.py" line="103"/>
        <source>The service {} answered: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/errors.py" line="105"/>
        <source>The ArcGIS server answered: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/errors.py" line="125"/>
        <source>Unknown error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/export.py" line="121"/>
        <source>The bbox cannot be reprojected to the image's spatial reference.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/export.py" line="130"/>
        <source>Reprojecting an extent needs QGIS (PyQGIS).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/export.py" line="139"/>
        <source>Cannot reproject the extent: unknown spatial reference.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/export.py" line="157"/>
        <source>The export of {} has no image.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/export.py" line="162"/>
        <source>The export of {} has an unreadable data URI.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/export.py" line="179"/>
        <source>The image exported by {} cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/export.py" line="189"/>
        <source>The export of {} has no extent to georeference the image with.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/export.py" line="204"/>
        <source>The image exported by {} cannot be converted to GeoTIFF ({}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/export.py" line="254"/>
        <source>{} publishes no extent: pass bbox.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/export.py" line="359"/>
        <source>An image tile exported by {} cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/export.py" line="427"/>
        <source>The export of {} was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/export.py" line="477"/>
        <source>The export of {} cannot be written to {} ({}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/http.py" line="219"/>
        <source>Could not get a token for {}: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/http.py" line="225"/>
        <source>Could not renew the token for {}: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/http.py" line="314"/>
        <source>The request to the service {} was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/http.py" line="317"/>
        <source>The request to the service {} timed out after {} s without a complete answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/http.py" line="324"/>
        <source>The request to the service {} was stopped after {} s by QGIS's network timeout (Settings › Options › Network).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/http.py" line="332"/>
        <source>The answer of the service {} is larger than {} MB, more than an ArcGIS JSON response should be.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/http.py" line="339"/>
        <source>Could not connect to the service {}: the connection was refused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/http.py" line="343"/>
        <source>The connection to the service {} was closed before the answer was complete.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/http.py" line="348"/>
        <source>No secure connection to the service {}: its certificate was refused (TLS error: {}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/http.py" line="350"/>
        <source>No secure connection to the service {}: its certificate was refused (TLS error).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/http.py" line="354"/>
        <source>The answer of the service {} could not be saved: {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/http.py" line="355"/>
        <source>The answer of the service {} could not be saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/http.py" line="357"/>
        <source>The service {} redirected more than {} times.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/http.py" line="360"/>
        <source>The request to the service {} failed: {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/http.py" line="362"/>
        <source>The request to the service {} failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/http.py" line="383"/>
        <source>The service {} answered with HTTP error {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/http.py" line="389"/>
        <source>The service {} sent an empty answer instead of JSON.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/http.py" line="395"/>
        <source>The service {} sent an HTML/XML page instead of JSON (is the URL an ArcGIS REST endpoint?).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/http.py" line="401"/>
        <source>The service {} sent invalid or incomplete JSON.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/http.py" line="405"/>
        <source>The service {} sent JSON that is not an object ({}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/http.py" line="431"/>
        <source>The service {} sent JSON where an image was expected ({}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/http.py" line="471"/>
        <source>The service URL is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/http.py" line="475"/>
        <source>{} is not an http(s) URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/http.py" line="478"/>
        <source>The service URL holds a user name or password; use an authentication configuration instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/http.py" line="481"/>
        <source>Pass the token with token=..., not in the URL (URLs get logged).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/parsing.py" line="150"/>
        <source>The {} response from {} is not what ArcGIS sends: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/parsing.py" line="154"/>
        <source>The {} response is not what ArcGIS sends: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/parsing.py" line="160"/>
        <source>The {} response from {} is too deeply nested.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/parsing.py" line="162"/>
        <source>The {} response is too deeply nested.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/parsing.py" line="166"/>
        <source>The {} response from {} is not what ArcGIS sends ({}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/parsing.py" line="170"/>
        <source>The {} response is not what ArcGIS sends ({}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/services.py" line="63"/>
        <source>{} on {}: invalid argument ({}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/services.py" line="72"/>
        <source>{} on {} failed unexpectedly ({}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/services.py" line="265"/>
        <source>{} publishes no extent: pass map_extent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/session.py" line="111"/>
        <source>The ArcGIS session was closed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/transport.py" line="503"/>
        <source>the authentication configuration could not be applied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/transport.py" line="582"/>
        <source>reading the answer failed ({})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/transport.py" line="707"/>
        <source>the network reply ended without an answer</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ArcGisExport</name>
    <message>
        <location filename="../app/export_request.py" line="164"/>
        <source>rendering rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/export_request.py" line="166"/>
        <source>bands {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/export_request.py" line="176"/>
        <source>time {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/export_request.py" line="178"/>
        <source>live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/export_request.py" line="209"/>
        <source>The resolution must be a positive number of map units.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/export_request.py" line="268"/>
        <source>{} is not an ImageServer URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/export_request.py" line="271"/>
        <source>The extent to export is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/export_request.py" line="275"/>
        <source>The image size must be between 1 and {} pixels on each side.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/export_request.py" line="278"/>
        <source>The format {} is not one exportImage offers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/export_request.py" line="280"/>
        <source>{} is not a pixel type.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/export_request.py" line="283"/>
        <source>A {} picture holds 8-bit colours: export as tiff to get {} values.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/export_request.py" line="288"/>
        <source>{} is not an interpolation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/export_request.py" line="290"/>
        <source>{} is not a noData interpretation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/export_request.py" line="292"/>
        <source>The compression quality is a number from 0 to 100.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/export_request.py" line="298"/>
        <source>{} has {} band(s): band id {} does not exist (ids start at 0).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/export_request.py" line="304"/>
        <source>noData must be a number, or one number per band.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/export_request.py" line="307"/>
        <source>noData takes one value, or one per exported band ({}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/export_request.py" line="313"/>
        <source>{} has no raster function {}; it offers {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/export_request.py" line="318"/>
        <source>{} does not allow the mosaic method {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/export_request.py" line="324"/>
        <source>{} has no multidimensional variable {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/export_request.py" line="326"/>
        <source>{} is not time-aware: turn the time filter off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/live_overlays.py" line="114"/>
        <source>ArcGIS live overlay: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/overlays.py" line="179"/>
        <source>Exported from the ArcGIS ImageServer {} with exportImage ({}).

Parameters: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/overlays.py" line="247"/>
        <source>The export of {} was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/overlays.py" line="292"/>
        <source>ArcGIS Export Image: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/overlays.py" line="299"/>
        <source>The export was cancelled; nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/overlays.py" line="316"/>
        <source>QGIS cannot open the exported image {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/overlays.py" line="331"/>
        <source>The export failed unexpectedly ({}); details are in the log.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ArcGisExportDialog</name>
    <message>
        <location filename="../ui/export_dialog.py" line="96"/>
        <source>Export Image — {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="121"/>
        <source>Area and size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="133"/>
        <source>Extent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="134"/>
        <source>Size in pixels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="134"/>
        <source>Resolution in map units</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="136"/>
        <source>Size from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="142"/>
        <source> px</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="146"/>
        <source>Width × height</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="151"/>
        <source>Resolution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="154"/>
        <source>Image CRS (imageSR)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="157"/>
        <source>Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="160"/>
        <source>tiff keeps the real pixel values; png and jpg are rendered pictures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="161"/>
        <source>Format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="162"/>
        <source>The service's own</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="163"/>
        <source>Pixel type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="165"/>
        <source>all bands, e.g. 2,1,0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="168"/>
        <source>Band ids</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="171"/>
        <source>the service's own, e.g. 0 or 0,0,0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="172"/>
        <source>noData</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="174"/>
        <source>noData interpretation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="176"/>
        <source>Interpolation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="179"/>
        <location filename="../ui/export_dialog.py" line="173"/>
        <source>Default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="180"/>
        <source>Compression quality</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="183"/>
        <source>Mosaic, processing and time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="185"/>
        <source>The layer's or the service's default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="186"/>
        <source>Mosaic method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="187"/>
        <source>None (raw values)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="188"/>
        <source>Rendering rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="189"/>
        <location filename="../ui/export_dialog.py" line="175"/>
        <source>The service's default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="191"/>
        <source>Variable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="193"/>
        <source>Slice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="195"/>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="206"/>
        <source>Time (UTC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="209"/>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="213"/>
        <source>GeoTIFF (*.tif *.tiff)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="214"/>
        <source>Default: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="215"/>
        <source>GeoTIFF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="216"/>
        <source>Live: export the visible extent again whenever the map stops moving</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="224"/>
        <source>Reading the service's description…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="229"/>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="232"/>
        <source>Cancel Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="287"/>
        <source>ArcGIS service info: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="292"/>
        <source>The service description was not read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="302"/>
        <source>The service's own ({})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="309"/>
        <source>The layer's mosaic rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="316"/>
        <source>The layer's rendering rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="338"/>
        <source> Images larger than {}×{} are exported in tiles.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="341"/>
        <source>Ready.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="348"/>
        <location filename="../ui/export_dialog.py" line="192"/>
        <source>Every slice (the mosaic decides)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="405"/>
        <source>Band ids are whole numbers separated by commas, e.g. 2,1,0.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="463"/>
        <source>Exporting {}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="485"/>
        <source>Added the layer {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="487"/>
        <source>The export did not finish.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ArcGisIdentify</name>
    <message>
        <location filename="../plugin.py" line="83"/>
        <source>ArcGIS Identify</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin.py" line="98"/>
        <source>Identify ArcGIS Services</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin.py" line="102"/>
        <source>Click the map (or drag a box) to identify features and pixels on ArcGIS services</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin.py" line="110"/>
        <source>ArcGIS Identify Results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin.py" line="114"/>
        <source>Show or hide the ArcGIS Identify results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin.py" line="119"/>
        <source>ArcGIS Identify Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin.py" line="129"/>
        <source>Identifying on {} service(s)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin.py" line="134"/>
        <source>No ArcGIS service in play (see Settings to add some).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin.py" line="154"/>
        <location filename="../plugin.py" line="174"/>
        <source>Export ArcGIS Image…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin.py" line="157"/>
        <source>Export an ImageServer's image of the map view as a GeoTIFF layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin.py" line="161"/>
        <source>ArcGIS Exported Overlays</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin.py" line="165"/>
        <source>Show or hide the ArcGIS exported overlays</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin.py" line="223"/>
        <source>Some background requests did not end in time; they were abandoned.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin.py" line="273"/>
        <source>ArcGIS Legend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin.py" line="277"/>
        <source>Show what the colours and symbols of an ArcGIS MapServer or ImageServer mean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin.py" line="282"/>
        <source>Show ArcGIS Legend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin.py" line="347"/>
        <source>Results cleared.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin.py" line="359"/>
        <source>Authentication Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin.py" line="434"/>
        <source>No ImageServer in play: add one to the project or to the ArcGIS Identify settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin.py" line="442"/>
        <source>Export ArcGIS Image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin.py" line="442"/>
        <source>ImageServer</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ArcGisIdentifyController</name>
    <message>
        <location filename="../ui/identify_controller.py" line="86"/>
        <source>No ArcGIS service in play: add a MapServer or ImageServer layer, or add services in the ArcGIS Identify settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/identify_controller.py" line="96"/>
        <source>Identifying…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/identify_controller.py" line="97"/>
        <source>Waiting for {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/identify_controller.py" line="103"/>
        <source>ArcGIS Identify: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/identify_controller.py" line="138"/>
        <location filename="../ui/identify_controller.py" line="137"/>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/identify_controller.py" line="144"/>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/identify_controller.py" line="147"/>
        <source>{} · {:.2f} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/identify_controller.py" line="169"/>
        <source>%n more service(s) failed too (see the results dock).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ArcGisIdentifyResults</name>
    <message>
        <location filename="../ui/result_actions.py" line="295"/>
        <location filename="../ui/result_actions.py" line="328"/>
        <location filename="../ui/results_dock.py" line="339"/>
        <source>The export to {} was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/result_actions.py" line="300"/>
        <location filename="../ui/results_dock.py" line="341"/>
        <source>Could not write {}: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/result_actions.py" line="339"/>
        <source>Could not write {}: {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results_builder.py" line="144"/>
        <location filename="../ui/results_builder.py" line="210"/>
        <source>Pixel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results_builder.py" line="170"/>
        <source>No features here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results_builder.py" line="178"/>
        <source>Layer {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results_builder.py" line="179"/>
        <location filename="../ui/results_model.py" line="176"/>
        <source>Feature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results_builder.py" line="196"/>
        <source>Only the first {} results are shown (see Settings)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results_builder.py" line="202"/>
        <source>Band {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results_builder.py" line="218"/>
        <source>Pixel size asked: {} {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results_builder.py" line="230"/>
        <source>Item {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results_builder.py" line="232"/>
        <location filename="../ui/results_builder.py" line="221"/>
        <source>Catalog items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results_builder.py" line="233"/>
        <source>{} % visible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="128"/>
        <source>ArcGIS Identify Results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="151"/>
        <source>Filter results (name or attribute value)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="175"/>
        <source>Click the map with the Identify ArcGIS Services tool.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="200"/>
        <source>Zoom to Feature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="201"/>
        <source>Pan to Feature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="202"/>
        <source>Copy Attributes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="204"/>
        <source>Copy Attributes as Table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="206"/>
        <source>Copy Geometry as WKT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="208"/>
        <source>Add Results to a Scratch Layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="210"/>
        <source>Export Results…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="212"/>
        <source>Expand All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="213"/>
        <source>Collapse All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="215"/>
        <source>Identify Again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="216"/>
        <source>Clear Results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="217"/>
        <source>Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="219"/>
        <source>Export Image…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="265"/>
        <source>Copied the attributes of {} result(s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="271"/>
        <source>Copied {} row(s) as a table.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="280"/>
        <source>Copied {} geometry(ies) as WKT.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="282"/>
        <source>The selected results have no geometry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="292"/>
        <source>Added {} scratch layer(s) with {} result(s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="304"/>
        <source>Export Identify Results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="306"/>
        <source>GeoPackage (*.gpkg);;Comma Separated Values (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="328"/>
        <source>Exporting {} result(s) to {}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="330"/>
        <source>ArcGIS Identify: export to {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="345"/>
        <source>Exported {} result(s) to {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="365"/>
        <source>Fetching the exact geometries of {} feature(s)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="374"/>
        <source>Fetching the exact geometries was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="379"/>
        <source>the service did not return them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="380"/>
        <source>{} geometry(ies) are the screen's generalised ones: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="383"/>
        <source>ArcGIS Identify: exact geometries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="416"/>
        <source>Highlighting the first {} of {} selected results.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="499"/>
        <source>Show ArcGIS Legend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="525"/>
        <source>Identified at {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results_model.py" line="92"/>
        <source>{} (plugin's list)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results_model.py" line="176"/>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/results_model.py" line="190"/>
        <source>{}: a service of the plugin's own list (ArcGIS Identify settings), not a project layer</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ArcGisIdentifyRunner</name>
    <message numerus="yes">
        <location filename="../app/identify_runner.py" line="60"/>
        <location filename="../app/identify_runner.py" line="104"/>
        <source>%n feature(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/identify_runner.py" line="62"/>
        <location filename="../app/identify_runner.py" line="106"/>
        <source>%n pixel value(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/identify_runner.py" line="64"/>
        <location filename="../app/identify_runner.py" line="108"/>
        <source>%n catalog item(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/identify_runner.py" line="67"/>
        <source>NoData</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/identify_runner.py" line="67"/>
        <source>Nothing here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/identify_runner.py" line="111"/>
        <source>{} and {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/identify_runner.py" line="112"/>
        <source>Found {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../app/identify_runner.py" line="115"/>
        <source>nothing on %n service(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/identify_runner.py" line="117"/>
        <source>Nothing found on %n service(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/identify_runner.py" line="121"/>
        <source>All %n service(s) failed</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/identify_runner.py" line="123"/>
        <source>%n service(s) failed</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/identify_runner.py" line="125"/>
        <source>%n service(s) cancelled</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/identify_runner.py" line="127"/>
        <source>Nothing found ({:.2f} s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/identify_runner.py" line="129"/>
        <source>{} ({:.2f} s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/identify_runner.py" line="240"/>
        <source>{}: unexpected error ({}: {}).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ArcGisIdentifyServices</name>
    <message numerus="yes">
        <location filename="../app/service_targets.py" line="196"/>
        <source>MapServer "{}": %n layer(s) ({})</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/service_targets.py" line="199"/>
        <source>ImageServer "{}": %n band(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ArcGisIdentifySettings</name>
    <message>
        <location filename="../ui/settings_dialog.py" line="80"/>
        <source>ArcGIS Identify Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="94"/>
        <source> px</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="96"/>
        <source>Tolerance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="99"/>
        <source>Top-most layer only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="99"/>
        <source>Visible layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="99"/>
        <source>All layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="103"/>
        <source>MapServer layers: the top-most layer, the visible layers, or all layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="104"/>
        <source>MapServer layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="105"/>
        <source>Return geometries (highlight, zoom, scratch layers)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="111"/>
        <source>Maximum results per service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="112"/>
        <source>Raw pixel values (ignore the layer's rendering rule)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="115"/>
        <source>Return catalog items of mosaics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="121"/>
        <source>One screen pixel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="123"/>
        <source>ImageServer pixel size (map units)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="124"/>
        <source>Only layers shown on the map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="129"/>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="131"/>
        <source>Timeout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="136"/>
        <source>Identified as well as the project's ArcGIS layers. Untick a service to leave it out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="140"/>
        <source>On</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="140"/>
        <source>Service URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="140"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="140"/>
        <source>Authentication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="159"/>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="161"/>
        <source>Add from QGIS Connection…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="164"/>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="170"/>
        <source>My Services</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="171"/>
        <source>Identify</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="188"/>
        <source>Identify on this service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="198"/>
        <source>Test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="199"/>
        <source>Read the service's description and say what it holds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="227"/>
        <source>Not a MapServer or ImageServer URL (…/rest/services/Name/MapServer): kept, but not identified.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="239"/>
        <source>QGIS ArcGIS REST Connections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="239"/>
        <source>Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="257"/>
        <source>Type the service's URL first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="263"/>
        <source>Testing {}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="268"/>
        <source>ArcGIS Identify: test {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="276"/>
        <source>Failed: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="278"/>
        <source>OK: {}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ArcGisLegend</name>
    <message>
        <location filename="../app/legend.py" line="61"/>
        <location filename="../ui/legend_dock.py" line="305"/>
        <source>Service default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/legend.py" line="76"/>
        <source>Band {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/legend.py" line="147"/>
        <source>Shown between {} and {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/legend.py" line="149"/>
        <source>Shown from {} in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/legend.py" line="151"/>
        <source>Shown down to {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/legend.py" line="158"/>
        <source>out of scale at {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/legend.py" line="255"/>
        <source>not shown by the project's layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/legend.py" line="257"/>
        <source>hidden by default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/legend.py" line="259"/>
        <source>Layer {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/legend.py" line="284"/>
        <source>&lt;all other values&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="74"/>
        <source>The legend could not be shown because of an unexpected error ({}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="89"/>
        <source>ArcGIS Legend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="114"/>
        <source>Choose a service…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="118"/>
        <source>Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="119"/>
        <source>Bands</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="120"/>
        <source>Rendering rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="121"/>
        <source>Variable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="147"/>
        <source>Choose a service, or select an ArcGIS layer in the Layers panel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="179"/>
        <source>Fetch the Legend Again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="180"/>
        <source>Copy Legend as Image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="181"/>
        <source>Save Legend as PNG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="183"/>
        <source>Apply as Style to Exported Layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="287"/>
        <source>Default variable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="308"/>
        <source>None (raw values)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="311"/>
        <source>The layer's rule ({})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="311"/>
        <source>custom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="336"/>
        <source>Fetching the legend of {}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="339"/>
        <source>ArcGIS Legend: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="353"/>
        <source>The legend request was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="378"/>
        <source>{} legend entry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="378"/>
        <source>{} legend entries.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="379"/>
        <source>The service's legend is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="387"/>
        <source>bands {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="406"/>
        <source>The legend is on the clipboard as an image.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="413"/>
        <source>Save Legend as PNG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="413"/>
        <source>PNG image (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="419"/>
        <source>The legend could not be written to {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="421"/>
        <source>Saved the legend to {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="444"/>
        <source>Matching the legend's classes to pixel values…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="450"/>
        <source>ArcGIS Legend: style from {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="458"/>
        <source>Cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="463"/>
        <source>No entry of the legend matches a pixel value, so no style was applied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="468"/>
        <source>Applied the legend's {} classes to {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/legend_model.py" line="93"/>
        <source>Legend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/legend_model.py" line="93"/>
        <source>Values</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ArcGisOverlaysDock</name>
    <message>
        <location filename="../ui/overlays_dock.py" line="83"/>
        <source>ArcGIS Exported Overlays</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/overlays_dock.py" line="98"/>
        <source>Overlay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/overlays_dock.py" line="98"/>
        <source>Options</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/overlays_dock.py" line="98"/>
        <source>On disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/overlays_dock.py" line="98"/>
        <source>Pixel size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/overlays_dock.py" line="98"/>
        <source>Exported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/overlays_dock.py" line="107"/>
        <source>Opacity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/overlays_dock.py" line="112"/>
        <location filename="../ui/overlays_dock.py" line="189"/>
        <source>Export an ImageServer's image to see it here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/overlays_dock.py" line="142"/>
        <source>Export Image…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/overlays_dock.py" line="147"/>
        <source>Zoom to Overlay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/overlays_dock.py" line="149"/>
        <source>Re-export at the Current View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/overlays_dock.py" line="151"/>
        <source>Re-export with Changed Options…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/overlays_dock.py" line="152"/>
        <location filename="../ui/overlays_dock.py" line="98"/>
        <source>Live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/overlays_dock.py" line="153"/>
        <source>Open the Legend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/overlays_dock.py" line="154"/>
        <source>Remove Overlay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/overlays_dock.py" line="187"/>
        <source>{} exported overlay(s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/overlays_dock.py" line="198"/>
        <source>missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/overlays_dock.py" line="200"/>
        <source> (yours)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/overlays_dock.py" line="205"/>
        <source>live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/overlays_dock.py" line="264"/>
        <source>Exporting {} at the current view…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/overlays_dock.py" line="270"/>
        <source>{} now shows the current view.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/overlays_dock.py" line="272"/>
        <source>The export did not finish.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/overlays_dock.py" line="286"/>
        <source>{} follows the map.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/overlays_dock.py" line="286"/>
        <source>{} stays as it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/overlays_dock.py" line="304"/>
        <source>Removed {} and deleted its file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/overlays_dock.py" line="306"/>
        <source>Removed {}; its file, chosen by you, was kept.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
