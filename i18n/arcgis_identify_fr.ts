<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>ArcGisCore</name>
    <message>
        <location filename="../core/auth.py" line="76"/>
        <source>The token is empty.</source>
        <translation>Le jeton est vide.</translation>
    </message>
    <message>
        <location filename="../core/auth.py" line="122"/>
        <source>A username and a password are needed to request a token.</source>
        <translation>Un nom d'utilisateur et un mot de passe sont nécessaires pour demander un jeton.</translation>
    </message>
    <message>
        <location filename="../core/auth.py" line="158"/>
        <source>The server asks for the password over plain http although the service uses https; refusing to send it.</source>
        <translation>Le serveur demande le mot de passe en http non chiffré alors que le service utilise https ; il n'est pas envoyé.</translation>
    </message>
    <message>
        <location filename="../core/auth.py" line="237"/>
        <source>An authentication configuration needs QGIS.</source>
        <translation>Une configuration d'authentification nécessite QGIS.</translation>
    </message>
    <message>
        <location filename="../core/auth.py" line="240"/>
        <source>The QGIS authentication manager is not available.</source>
        <translation>Le gestionnaire d'authentification de QGIS n'est pas disponible.</translation>
    </message>
    <message>
        <location filename="../core/auth.py" line="243"/>
        <source>The authentication configuration {} cannot be loaded.</source>
        <translation>La configuration d'authentification {} ne peut pas être chargée.</translation>
    </message>
    <message>
        <location filename="../core/errors.py" line="99"/>
        <source>The service {} answered with error {}: {}</source>
        <translation>Le service {} a répondu par l'erreur {} : {}</translation>
    </message>
    <message>
        <location filename="../core/errors.py" line="101"/>
        <source>The ArcGIS server answered with error {}: {}</source>
        <translation>Le serveur ArcGIS a répondu par l'erreur {} : {}</translation>
    </message>
    <message>
        <location filename="../core/errors.py" line="103"/>
        <source>The service {} answered: {}</source>
        <translation>Le service {} a répondu : {}</translation>
    </message>
    <message>
        <location filename="../core/errors.py" line="105"/>
        <source>The ArcGIS server answered: {}</source>
        <translation>Le serveur ArcGIS a répondu : {}</translation>
    </message>
    <message>
        <location filename="../core/errors.py" line="125"/>
        <source>Unknown error</source>
        <translation>Erreur inconnue</translation>
    </message>
    <message>
        <location filename="../core/export.py" line="165"/>
        <source>The bbox cannot be reprojected to the image's spatial reference.</source>
        <translation>L'emprise (bbox) ne peut pas être reprojetée dans la référence spatiale de l'image.</translation>
    </message>
    <message>
        <location filename="../core/export.py" line="174"/>
        <source>Reprojecting an extent needs QGIS (PyQGIS).</source>
        <translation>La reprojection d'une emprise nécessite QGIS (PyQGIS).</translation>
    </message>
    <message>
        <location filename="../core/export.py" line="176"/>
        <source>Cannot reproject the extent: unknown spatial reference.</source>
        <translation>Impossible de reprojeter l'emprise : référence spatiale inconnue.</translation>
    </message>
    <message>
        <location filename="../core/export.py" line="194"/>
        <location filename="../core/export.py" line="369"/>
        <source>The export of {} has no image.</source>
        <translation>L'export de {} ne contient aucune image.</translation>
    </message>
    <message>
        <location filename="../core/export.py" line="199"/>
        <source>The export of {} has an unreadable data URI.</source>
        <translation>L'export de {} contient une URI de données illisible.</translation>
    </message>
    <message>
        <location filename="../core/export.py" line="218"/>
        <source>The image exported by {} cannot be read.</source>
        <translation>L'image exportée par {} ne peut pas être lue.</translation>
    </message>
    <message>
        <location filename="../core/export.py" line="228"/>
        <source>The export of {} has no extent to georeference the image with.</source>
        <translation>L'export de {} n'a pas d'emprise pour géoréférencer l'image.</translation>
    </message>
    <message>
        <location filename="../core/export.py" line="243"/>
        <source>The image exported by {} cannot be converted to GeoTIFF ({}).</source>
        <translation>L'image exportée par {} ne peut pas être convertie en GeoTIFF ({}).</translation>
    </message>
    <message>
        <location filename="../core/export.py" line="298"/>
        <source>{} publishes no extent: pass bbox.</source>
        <translation>{} ne publie aucune emprise : indiquez bbox.</translation>
    </message>
    <message>
        <location filename="../core/export.py" line="410"/>
        <source>An image tile exported by {} cannot be read.</source>
        <translation>Une tuile d'image exportée par {} ne peut pas être lue.</translation>
    </message>
    <message>
        <location filename="../core/export.py" line="478"/>
        <source>The export of {} was cancelled.</source>
        <translation>L'export de {} a été annulé.</translation>
    </message>
    <message>
        <location filename="../core/export.py" line="550"/>
        <source>The export of {} cannot be written to {} ({}).</source>
        <translation>L'export de {} ne peut pas être écrit dans {} ({}).</translation>
    </message>
    <message>
        <location filename="../core/http.py" line="307"/>
        <source>Could not get a token for {}: </source>
        <translation>Impossible d'obtenir un jeton pour {} : </translation>
    </message>
    <message>
        <location filename="../core/http.py" line="313"/>
        <source>Could not renew the token for {}: </source>
        <translation>Impossible de renouveler le jeton pour {} : </translation>
    </message>
    <message>
        <location filename="../core/http.py" line="410"/>
        <source>The request to the service {} was cancelled.</source>
        <translation>La requête au service {} a été annulée.</translation>
    </message>
    <message>
        <location filename="../core/http.py" line="413"/>
        <source>The request to the service {} timed out after {} s without a complete answer.</source>
        <translation>La requête au service {} a expiré après {} s sans réponse complète.</translation>
    </message>
    <message>
        <location filename="../core/http.py" line="420"/>
        <source>The request to the service {} was stopped after {} s by QGIS's network timeout (Settings › Options › Network).</source>
        <translation>La requête au service {} a été arrêtée après {} s par le délai d'expiration réseau de QGIS (Préférences › Options › Réseau).</translation>
    </message>
    <message>
        <location filename="../core/http.py" line="428"/>
        <source>The answer of the service {} is larger than {} MB, more than an ArcGIS JSON response should be.</source>
        <translation>La réponse du service {} dépasse {} Mo, plus qu'une réponse JSON d'ArcGIS ne devrait peser.</translation>
    </message>
    <message>
        <location filename="../core/http.py" line="435"/>
        <source>Could not connect to the service {}: the connection was refused.</source>
        <translation>Impossible de se connecter au service {} : la connexion a été refusée.</translation>
    </message>
    <message>
        <location filename="../core/http.py" line="439"/>
        <source>The connection to the service {} was closed before the answer was complete.</source>
        <translation>La connexion au service {} a été fermée avant la fin de la réponse.</translation>
    </message>
    <message>
        <location filename="../core/http.py" line="444"/>
        <source>No secure connection to the service {}: its certificate was refused (TLS error: {}).</source>
        <translation>Pas de connexion sécurisée au service {} : son certificat a été refusé (erreur TLS : {}).</translation>
    </message>
    <message>
        <location filename="../core/http.py" line="446"/>
        <source>No secure connection to the service {}: its certificate was refused (TLS error).</source>
        <translation>Pas de connexion sécurisée au service {} : son certificat a été refusé (erreur TLS).</translation>
    </message>
    <message>
        <location filename="../core/http.py" line="450"/>
        <source>The answer of the service {} could not be saved: {}.</source>
        <translation>La réponse du service {} n'a pas pu être enregistrée : {}.</translation>
    </message>
    <message>
        <location filename="../core/http.py" line="451"/>
        <source>The answer of the service {} could not be saved.</source>
        <translation>La réponse du service {} n'a pas pu être enregistrée.</translation>
    </message>
    <message>
        <location filename="../core/http.py" line="453"/>
        <source>The service {} redirected more than {} times.</source>
        <translation>Le service {} a redirigé plus de {} fois.</translation>
    </message>
    <message>
        <location filename="../core/http.py" line="456"/>
        <source>The request to the service {} failed: {}.</source>
        <translation>La requête au service {} a échoué : {}.</translation>
    </message>
    <message>
        <location filename="../core/http.py" line="458"/>
        <source>The request to the service {} failed.</source>
        <translation>La requête au service {} a échoué.</translation>
    </message>
    <message>
        <location filename="../core/http.py" line="479"/>
        <source>The service {} answered with HTTP error {}.</source>
        <translation>Le service {} a répondu par l'erreur HTTP {}.</translation>
    </message>
    <message>
        <location filename="../core/http.py" line="485"/>
        <source>The service {} sent an empty answer instead of JSON.</source>
        <translation>Le service {} a envoyé une réponse vide au lieu de JSON.</translation>
    </message>
    <message>
        <location filename="../core/http.py" line="491"/>
        <source>The service {} sent an HTML/XML page instead of JSON (is the URL an ArcGIS REST endpoint?).</source>
        <translation>Le service {} a envoyé une page HTML/XML au lieu de JSON (l'URL est-elle bien un point d'accès ArcGIS REST ?).</translation>
    </message>
    <message>
        <location filename="../core/http.py" line="497"/>
        <source>The service {} sent invalid or incomplete JSON.</source>
        <translation>Le service {} a envoyé un JSON invalide ou incomplet.</translation>
    </message>
    <message>
        <location filename="../core/http.py" line="501"/>
        <source>The service {} sent JSON that is not an object ({}).</source>
        <translation>Le service {} a envoyé un JSON qui n'est pas un objet ({}).</translation>
    </message>
    <message>
        <location filename="../core/http.py" line="536"/>
        <source>The service {} sent JSON where an image was expected ({}).</source>
        <translation>Le service {} a envoyé du JSON là où une image était attendue ({}).</translation>
    </message>
    <message>
        <location filename="../core/http.py" line="594"/>
        <source>The service URL is empty.</source>
        <translation>L'URL du service est vide.</translation>
    </message>
    <message>
        <location filename="../core/http.py" line="598"/>
        <source>{} is not an http(s) URL.</source>
        <translation>{} n'est pas une URL http(s).</translation>
    </message>
    <message>
        <location filename="../core/http.py" line="601"/>
        <source>The service URL holds a user name or password; use an authentication configuration instead.</source>
        <translation>L'URL du service contient un nom d'utilisateur ou un mot de passe ; utilisez plutôt une configuration d'authentification.</translation>
    </message>
    <message>
        <location filename="../core/http.py" line="604"/>
        <source>Pass the token with token=..., not in the URL (URLs get logged).</source>
        <translation>Passez le jeton avec token=..., pas dans l'URL (les URL sont journalisées).</translation>
    </message>
    <message>
        <location filename="../core/mainloop.py" line="55"/>
        <source>The main-thread mailbox must be made on the main thread</source>
        <translation>La boîte aux lettres du fil principal doit être créée sur le fil principal</translation>
    </message>
    <message>
        <location filename="../core/mainloop.py" line="132"/>
        <source>QGIS's main thread is not ready for requests from other threads: import arcgis_identify.core or make a Session on the main thread first</source>
        <translation>Le fil principal de QGIS n'est pas prêt pour les requêtes d'autres fils : importez d'abord arcgis_identify.core ou créez une Session sur le fil principal</translation>
    </message>
    <message>
        <location filename="../core/mainloop.py" line="138"/>
        <source>QGIS's main thread takes no more requests: the plugin was unloaded</source>
        <translation>Le fil principal de QGIS ne prend plus de requêtes : l'extension a été déchargée</translation>
    </message>
    <message>
        <location filename="../core/parsing.py" line="89"/>
        <source>layer</source>
        <translation>de couche</translation>
    </message>
    <message>
        <location filename="../core/parsing.py" line="90"/>
        <source>identify</source>
        <translation>d'identification</translation>
    </message>
    <message>
        <location filename="../core/parsing.py" line="91"/>
        <source>image identify</source>
        <translation>d'identification d'image</translation>
    </message>
    <message>
        <location filename="../core/parsing.py" line="92"/>
        <source>legend</source>
        <translation>de légende</translation>
    </message>
    <message>
        <location filename="../core/parsing.py" line="93"/>
        <source>raster attribute table</source>
        <translation>de table attributaire raster</translation>
    </message>
    <message>
        <location filename="../core/parsing.py" line="94"/>
        <source>export</source>
        <translation>d'export</translation>
    </message>
    <message>
        <location filename="../core/parsing.py" line="95"/>
        <source>service info</source>
        <translation>de description du service</translation>
    </message>
    <message>
        <location filename="../core/parsing.py" line="96"/>
        <source>multidimensional info</source>
        <translation>d'information multidimensionnelle</translation>
    </message>
    <message>
        <location filename="../core/parsing.py" line="97"/>
        <source>token</source>
        <translation>de jeton</translation>
    </message>
    <message>
        <location filename="../core/parsing.py" line="116"/>
        <source>The {} response from {} is not what ArcGIS sends: {}</source>
        <translation>La réponse {} de {} n'est pas ce qu'envoie ArcGIS : {}</translation>
    </message>
    <message>
        <location filename="../core/parsing.py" line="120"/>
        <source>The {} response is not what ArcGIS sends: {}</source>
        <translation>La réponse {} n'est pas ce qu'envoie ArcGIS : {}</translation>
    </message>
    <message>
        <location filename="../core/parsing.py" line="126"/>
        <source>The {} response from {} is too deeply nested.</source>
        <translation>La réponse {} de {} est trop profondément imbriquée.</translation>
    </message>
    <message>
        <location filename="../core/parsing.py" line="128"/>
        <source>The {} response is too deeply nested.</source>
        <translation>La réponse {} est trop profondément imbriquée.</translation>
    </message>
    <message>
        <location filename="../core/parsing.py" line="132"/>
        <source>The {} response from {} is not what ArcGIS sends ({}).</source>
        <translation>La réponse {} de {} n'est pas ce qu'envoie ArcGIS ({}).</translation>
    </message>
    <message>
        <location filename="../core/parsing.py" line="136"/>
        <source>The {} response is not what ArcGIS sends ({}).</source>
        <translation>La réponse {} n'est pas ce qu'envoie ArcGIS ({}).</translation>
    </message>
    <message>
        <location filename="../core/qgis_network.py" line="159"/>
        <source>the authentication configuration {} could not be applied</source>
        <translation>la configuration d'authentification {} n'a pas pu être appliquée</translation>
    </message>
    <message>
        <location filename="../core/qgis_network.py" line="285"/>
        <location filename="../core/qgis_network.py" line="313"/>
        <location filename="../core/qgis_network.py" line="348"/>
        <source>the plugin was unloaded</source>
        <translation>l'extension a été déchargée</translation>
    </message>
    <message>
        <location filename="../core/qgis_network.py" line="445"/>
        <source>QGIS's network is closed (the plugin was unloaded)</source>
        <translation>le réseau de QGIS est fermé (l'extension a été déchargée)</translation>
    </message>
    <message>
        <location filename="../core/qgis_network.py" line="494"/>
        <source>the network reply ended without an answer</source>
        <translation>la réponse réseau s'est terminée sans contenu</translation>
    </message>
    <message>
        <location filename="../core/services.py" line="71"/>
        <source>{} is a {}, not an ImageServer.</source>
        <translation>{} est un {}, pas un ImageServer.</translation>
    </message>
    <message>
        <location filename="../core/services.py" line="73"/>
        <source>{} is an ImageServer, not a {}.</source>
        <translation>{} est un ImageServer, pas un {}.</translation>
    </message>
    <message>
        <location filename="../core/services.py" line="75"/>
        <source>{} is a {}, not a {}.</source>
        <translation>{} est un {}, pas un {}.</translation>
    </message>
    <message>
        <location filename="../core/services.py" line="90"/>
        <source>{} on {}: invalid argument ({}).</source>
        <translation>{} sur {} : argument invalide ({}).</translation>
    </message>
    <message>
        <location filename="../core/services.py" line="99"/>
        <source>{} on {} failed unexpectedly ({}).</source>
        <translation>{} sur {} a échoué de façon inattendue ({}).</translation>
    </message>
    <message>
        <location filename="../core/services.py" line="318"/>
        <source>{} publishes no extent: pass map_extent.</source>
        <translation>{} ne publie aucune emprise : indiquez map_extent.</translation>
    </message>
    <message>
        <location filename="../core/session.py" line="115"/>
        <source>The ArcGIS session was closed.</source>
        <translation>La session ArcGIS a été fermée.</translation>
    </message>
    <message>
        <source>the authentication configuration could not be applied</source>
        <translation type="vanished">la configuration d'authentification n'a pas pu être appliquée</translation>
    </message>
    <message>
        <source>reading the answer failed ({})</source>
        <translation type="vanished">la lecture de la réponse a échoué ({})</translation>
    </message>
</context>
<context>
    <name>ArcGisExport</name>
    <message>
        <location filename="../app/export_request.py" line="165"/>
        <source>rendering rule</source>
        <translation>règle de rendu</translation>
    </message>
    <message>
        <location filename="../app/export_request.py" line="167"/>
        <source>bands {}</source>
        <translation>bandes {}</translation>
    </message>
    <message>
        <location filename="../app/export_request.py" line="177"/>
        <source>time {}</source>
        <translation>temps {}</translation>
    </message>
    <message>
        <location filename="../app/export_request.py" line="179"/>
        <source>live</source>
        <translation>en direct</translation>
    </message>
    <message>
        <location filename="../app/export_request.py" line="211"/>
        <source>The resolution must be a positive number of map units.</source>
        <translation>La résolution doit être un nombre positif d'unités de carte.</translation>
    </message>
    <message>
        <location filename="../app/export_request.py" line="270"/>
        <source>{} is not an ImageServer URL.</source>
        <translation>{} n'est pas une URL d'ImageServer.</translation>
    </message>
    <message>
        <location filename="../app/export_request.py" line="273"/>
        <source>The extent to export is empty.</source>
        <translation>L'emprise à exporter est vide.</translation>
    </message>
    <message>
        <location filename="../app/export_request.py" line="277"/>
        <source>The image size must be between 1 and {} pixels on each side.</source>
        <translation>La taille de l'image doit être comprise entre 1 et {} pixels de côté.</translation>
    </message>
    <message>
        <location filename="../app/export_request.py" line="280"/>
        <source>The format {} is not one exportImage offers.</source>
        <translation>Le format {} n'est pas proposé par exportImage.</translation>
    </message>
    <message>
        <location filename="../app/export_request.py" line="282"/>
        <source>{} is not a pixel type.</source>
        <translation>{} n'est pas un type de pixel.</translation>
    </message>
    <message>
        <location filename="../app/export_request.py" line="285"/>
        <source>A {} picture holds 8-bit colours: export as tiff to get {} values.</source>
        <translation>Une image {} contient des couleurs sur 8 bits : exportez en tiff pour obtenir des valeurs {}.</translation>
    </message>
    <message>
        <location filename="../app/export_request.py" line="290"/>
        <source>{} is not an interpolation.</source>
        <translation>{} n'est pas une interpolation.</translation>
    </message>
    <message>
        <location filename="../app/export_request.py" line="292"/>
        <source>{} is not a noData interpretation.</source>
        <translation>{} n'est pas une interprétation de noData.</translation>
    </message>
    <message>
        <location filename="../app/export_request.py" line="294"/>
        <source>The compression quality is a number from 0 to 100.</source>
        <translation>La qualité de compression est un nombre de 0 à 100.</translation>
    </message>
    <message>
        <location filename="../app/export_request.py" line="300"/>
        <source>{} has {} band(s): band id {} does not exist (ids start at 0).</source>
        <translation>{} a {} bande(s) : l'identifiant de bande {} n'existe pas (les identifiants commencent à 0).</translation>
    </message>
    <message>
        <location filename="../app/export_request.py" line="306"/>
        <source>noData must be a number, or one number per band.</source>
        <translation>noData doit être un nombre, ou un nombre par bande.</translation>
    </message>
    <message>
        <location filename="../app/export_request.py" line="309"/>
        <source>noData takes one value, or one per exported band ({}).</source>
        <translation>noData prend une valeur, ou une par bande exportée ({}).</translation>
    </message>
    <message>
        <location filename="../app/export_request.py" line="315"/>
        <source>{} has no raster function {}; it offers {}.</source>
        <translation>{} n'a pas de fonction raster {} ; il propose {}.</translation>
    </message>
    <message>
        <location filename="../app/export_request.py" line="320"/>
        <source>{} does not allow the mosaic method {}.</source>
        <translation>{} n'autorise pas la méthode de mosaïque {}.</translation>
    </message>
    <message>
        <location filename="../app/export_request.py" line="326"/>
        <source>{} has no multidimensional variable {}.</source>
        <translation>{} n'a pas de variable multidimensionnelle {}.</translation>
    </message>
    <message>
        <location filename="../app/export_request.py" line="328"/>
        <source>{} is not time-aware: turn the time filter off.</source>
        <translation>{} n'est pas temporel : désactivez le filtre temporel.</translation>
    </message>
    <message>
        <location filename="../app/live_overlays.py" line="114"/>
        <source>ArcGIS live overlay: {}</source>
        <translation>Superposition ArcGIS en direct : {}</translation>
    </message>
    <message>
        <location filename="../app/overlays.py" line="179"/>
        <source>Exported from the ArcGIS ImageServer {} with exportImage ({}).

Parameters: {}</source>
        <translation>Exporté depuis l'ImageServer ArcGIS {} avec exportImage ({}).

Paramètres : {}</translation>
    </message>
    <message>
        <location filename="../app/overlays.py" line="253"/>
        <source>The export of {} was cancelled.</source>
        <translation>L'export de {} a été annulé.</translation>
    </message>
    <message>
        <location filename="../app/overlays.py" line="299"/>
        <source>ArcGIS Export Image: {}</source>
        <translation>Export d'image ArcGIS : {}</translation>
    </message>
    <message>
        <location filename="../app/overlays.py" line="309"/>
        <source>The export was cancelled; nothing was written.</source>
        <translation>L'export a été annulé ; rien n'a été écrit.</translation>
    </message>
    <message>
        <location filename="../app/overlays.py" line="325"/>
        <source>QGIS cannot open the exported image {}.</source>
        <translation>QGIS ne peut pas ouvrir l'image exportée {}.</translation>
    </message>
    <message>
        <location filename="../app/overlays.py" line="335"/>
        <source>The export failed unexpectedly ({}); details are in the log.</source>
        <translation>L'export a échoué de façon inattendue ({}) ; les détails sont dans le journal.</translation>
    </message>
</context>
<context>
    <name>ArcGisExportDialog</name>
    <message>
        <location filename="../ui/export_dialog.py" line="74"/>
        <source>128-bit complex</source>
        <translation>Complexe 128 bits</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="75"/>
        <source>64-bit complex</source>
        <translation>Complexe 64 bits</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="76"/>
        <source>32-bit floating point</source>
        <translation>Virgule flottante 32 bits</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="77"/>
        <source>64-bit floating point</source>
        <translation>Virgule flottante 64 bits</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="78"/>
        <source>8-bit signed integer</source>
        <translation>Entier signé 8 bits</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="79"/>
        <source>16-bit signed integer</source>
        <translation>Entier signé 16 bits</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="80"/>
        <source>32-bit signed integer</source>
        <translation>Entier signé 32 bits</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="81"/>
        <source>1-bit</source>
        <translation>1 bit</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="82"/>
        <source>2-bit</source>
        <translation>2 bits</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="83"/>
        <source>4-bit</source>
        <translation>4 bits</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="84"/>
        <source>8-bit unsigned integer</source>
        <translation>Entier non signé 8 bits</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="85"/>
        <source>16-bit unsigned integer</source>
        <translation>Entier non signé 16 bits</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="86"/>
        <source>32-bit unsigned integer</source>
        <translation>Entier non signé 32 bits</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="88"/>
        <source>{} ({})</source>
        <translation>{} ({})</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="93"/>
        <source>Bilinear</source>
        <translation>Bilinéaire</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="94"/>
        <source>Cubic convolution</source>
        <translation>Convolution cubique</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="95"/>
        <source>Majority</source>
        <translation>Majorité</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="96"/>
        <source>Nearest neighbour</source>
        <translation>Plus proche voisin</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="103"/>
        <source>NoData where any band matches</source>
        <translation>NoData si une bande correspond</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="104"/>
        <source>NoData where every band matches</source>
        <translation>NoData si toutes les bandes correspondent</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="111"/>
        <source>North-west first</source>
        <translation>Nord-ouest d'abord</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="112"/>
        <source>Closest to the centre first</source>
        <translation>Plus proche du centre d'abord</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="113"/>
        <source>Closest to nadir first</source>
        <translation>Plus proche du nadir d'abord</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="114"/>
        <source>Along seamlines</source>
        <translation>Selon les lignes de raccord</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="115"/>
        <source>In the catalog's order</source>
        <translation>Dans l'ordre du catalogue</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="116"/>
        <source>Locked to chosen rasters</source>
        <translation>Verrouillé sur des rasters choisis</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="117"/>
        <source>By attribute</source>
        <translation>Par attribut</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="118"/>
        <source>Closest to a viewpoint first</source>
        <translation>Plus proche d'un point de vue d'abord</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="151"/>
        <source>Export Image — {}</source>
        <translation>Exporter l'image — {}</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="176"/>
        <source>Area and size</source>
        <translation>Zone et taille</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="188"/>
        <source>Extent</source>
        <translation>Emprise</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="189"/>
        <source>Size in pixels</source>
        <translation>Taille en pixels</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="189"/>
        <source>Resolution in map units</source>
        <translation>Résolution en unités de carte</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="191"/>
        <source>Size from</source>
        <translation>Taille définie par</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="197"/>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="201"/>
        <source>Width × height</source>
        <translation>Largeur × hauteur</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="206"/>
        <source>Resolution</source>
        <translation>Résolution</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="209"/>
        <source>Image CRS (imageSR)</source>
        <translation>SCR de l'image (imageSR)</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="212"/>
        <source>Data</source>
        <translation>Données</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="215"/>
        <source>tiff keeps the real pixel values; png and jpg are rendered pictures</source>
        <translation>tiff conserve les valeurs réelles des pixels ; png et jpg sont des images rendues</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="216"/>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="217"/>
        <source>The service's own</source>
        <translation>Celui du service</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="218"/>
        <source>Pixel type</source>
        <translation>Type de pixel</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="220"/>
        <source>all bands, e.g. 2,1,0</source>
        <translation>toutes les bandes, p. ex. 2,1,0</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="223"/>
        <source>Band ids</source>
        <translation>Identifiants de bandes</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="226"/>
        <source>the service's own, e.g. 0 or 0,0,0</source>
        <translation>celle du service, p. ex. 0 ou 0,0,0</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="227"/>
        <source>noData</source>
        <translation>noData</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="231"/>
        <source>noData interpretation</source>
        <translation>Interprétation de noData</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="235"/>
        <source>Interpolation</source>
        <translation>Interpolation</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="238"/>
        <location filename="../ui/export_dialog.py" line="229"/>
        <source>Default</source>
        <translation>Par défaut</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="239"/>
        <source>Compression quality</source>
        <translation>Qualité de compression</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="242"/>
        <source>Mosaic, processing and time</source>
        <translation>Mosaïque, traitement et temps</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="244"/>
        <source>The layer's or the service's default</source>
        <translation>Celle de la couche ou du service</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="245"/>
        <source>Mosaic method</source>
        <translation>Méthode de mosaïque</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="246"/>
        <source>None (raw values)</source>
        <translation>Aucune (valeurs brutes)</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="247"/>
        <source>Rendering rule</source>
        <translation>Règle de rendu</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="248"/>
        <location filename="../ui/export_dialog.py" line="233"/>
        <source>The service's default</source>
        <translation>Celle du service</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="250"/>
        <source>Variable</source>
        <translation>Variable</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="252"/>
        <source>Slice</source>
        <translation>Tranche</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="254"/>
        <source>Time</source>
        <translation>Temps</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="265"/>
        <source>Time (UTC)</source>
        <translation>Temps (UTC)</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="268"/>
        <source>Result</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="272"/>
        <source>GeoTIFF (*.tif *.tiff)</source>
        <translation>GeoTIFF (*.tif *.tiff)</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="273"/>
        <source>Default: {}</source>
        <translation>Par défaut : {}</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="274"/>
        <source>GeoTIFF</source>
        <translation>GeoTIFF</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="275"/>
        <source>Live: export the visible extent again whenever the map stops moving</source>
        <translation>En direct : exporter de nouveau l'emprise visible chaque fois que la carte s'arrête de bouger</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="283"/>
        <source>Reading the service's description…</source>
        <translation>Lecture de la description du service…</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="288"/>
        <source>Export</source>
        <translation>Exporter</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="291"/>
        <source>Cancel Export</source>
        <translation>Annuler l'export</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="340"/>
        <source>ArcGIS service info: {}</source>
        <translation>Informations du service ArcGIS : {}</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="347"/>
        <source>The service description was not read.</source>
        <translation>La description du service n'a pas été lue.</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="358"/>
        <source>The service's own ({})</source>
        <translation>Celui du service ({})</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="366"/>
        <source>The layer's mosaic rule</source>
        <translation>La règle de mosaïque de la couche</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="373"/>
        <source>The layer's rendering rule</source>
        <translation>La règle de rendu de la couche</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="395"/>
        <source> Images larger than {}×{} are exported in tiles.</source>
        <translation> Les images de plus de {}×{} sont exportées en tuiles.</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="398"/>
        <source>Ready.</source>
        <translation>Prêt.</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="405"/>
        <location filename="../ui/export_dialog.py" line="251"/>
        <source>Every slice (the mosaic decides)</source>
        <translation>Toutes les tranches (la mosaïque décide)</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="461"/>
        <source>Band ids are whole numbers separated by commas, e.g. 2,1,0.</source>
        <translation>Les identifiants de bandes sont des entiers séparés par des virgules, p. ex. 2,1,0.</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="519"/>
        <source>Exporting {}…</source>
        <translation>Export de {}…</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="541"/>
        <source>Added the layer {}.</source>
        <translation>Couche {} ajoutée.</translation>
    </message>
    <message>
        <location filename="../ui/export_dialog.py" line="543"/>
        <source>The export did not finish.</source>
        <translation>L'export ne s'est pas terminé.</translation>
    </message>
</context>
<context>
    <name>ArcGisIdentify</name>
    <message>
        <location filename="../plugin.py" line="109"/>
        <source>Some background requests did not end in time; they were abandoned.</source>
        <translation>Certaines requêtes en arrière-plan ne se sont pas terminées à temps ; elles ont été abandonnées.</translation>
    </message>
    <message>
        <location filename="../ui/feature_export.py" line="45"/>
        <location filename="../ui/feature_export.py" line="65"/>
        <source>Export ArcGIS Image…</source>
        <translation>Exporter une image ArcGIS…</translation>
    </message>
    <message>
        <location filename="../ui/feature_export.py" line="48"/>
        <source>Export an ImageServer's image of the map view as a GeoTIFF layer</source>
        <translation>Exporter l'image d'un ImageServer pour la vue de la carte en couche GeoTIFF</translation>
    </message>
    <message>
        <location filename="../ui/feature_export.py" line="52"/>
        <source>ArcGIS Exported Overlays</source>
        <translation>Superpositions ArcGIS exportées</translation>
    </message>
    <message>
        <location filename="../ui/feature_export.py" line="55"/>
        <source>Show or hide the ArcGIS exported overlays</source>
        <translation>Afficher ou masquer les superpositions ArcGIS exportées</translation>
    </message>
    <message>
        <location filename="../ui/feature_export.py" line="113"/>
        <source>No ImageServer in play: add one to the project or to the ArcGIS Identify settings.</source>
        <translation>Aucun ImageServer concerné : ajoutez-en un au projet ou aux paramètres d'ArcGIS Identify.</translation>
    </message>
    <message>
        <location filename="../ui/feature_export.py" line="121"/>
        <source>Export ArcGIS Image</source>
        <translation>Exporter une image ArcGIS</translation>
    </message>
    <message>
        <location filename="../ui/feature_export.py" line="121"/>
        <source>ImageServer</source>
        <translation>ImageServer</translation>
    </message>
    <message>
        <location filename="../ui/feature_identify.py" line="37"/>
        <source>Identify ArcGIS Services</source>
        <translation>Identifier les services ArcGIS</translation>
    </message>
    <message>
        <location filename="../ui/feature_identify.py" line="41"/>
        <source>Click the map (or drag a box) to identify features and pixels on ArcGIS services</source>
        <translation>Cliquez sur la carte (ou tracez un rectangle) pour identifier les entités et les pixels des services ArcGIS</translation>
    </message>
    <message>
        <location filename="../ui/feature_identify.py" line="47"/>
        <source>ArcGIS Identify Results</source>
        <translation>Résultats de l'identification ArcGIS</translation>
    </message>
    <message>
        <location filename="../ui/feature_identify.py" line="50"/>
        <source>Show or hide the ArcGIS Identify results</source>
        <translation>Afficher ou masquer les résultats de l'identification ArcGIS</translation>
    </message>
    <message>
        <location filename="../ui/feature_identify.py" line="55"/>
        <source>ArcGIS Identify Settings…</source>
        <translation>Paramètres d'ArcGIS Identify…</translation>
    </message>
    <message>
        <location filename="../ui/feature_identify.py" line="87"/>
        <source>Authentication Settings…</source>
        <translation>Paramètres d'authentification…</translation>
    </message>
    <message>
        <location filename="../ui/feature_layer_entries.py" line="26"/>
        <source>ArcGIS Identify Settings for This Service…</source>
        <translation>Paramètres d'ArcGIS Identify pour ce service…</translation>
    </message>
    <message>
        <location filename="../ui/feature_layer_entries.py" line="33"/>
        <source>Add to ArcGIS Identify Services</source>
        <translation>Ajouter aux services d'ArcGIS Identify</translation>
    </message>
    <message>
        <location filename="../ui/feature_layer_entries.py" line="70"/>
        <source>"{}" is already in the ArcGIS Identify services.</source>
        <translation>« {} » figure déjà dans les services d'ArcGIS Identify.</translation>
    </message>
    <message>
        <location filename="../ui/feature_layer_entries.py" line="73"/>
        <source>"{}" added to the ArcGIS Identify services.</source>
        <translation>« {} » a été ajouté aux services d'ArcGIS Identify.</translation>
    </message>
    <message>
        <location filename="../ui/feature_legend.py" line="24"/>
        <source>ArcGIS Legend</source>
        <translation>Légende ArcGIS</translation>
    </message>
    <message>
        <location filename="../ui/feature_legend.py" line="28"/>
        <source>Show what the colours and symbols of an ArcGIS MapServer or ImageServer mean</source>
        <translation>Afficher la signification des couleurs et des symboles d'un MapServer ou d'un ImageServer ArcGIS</translation>
    </message>
    <message>
        <location filename="../ui/feature_legend.py" line="35"/>
        <source>Show ArcGIS Legend</source>
        <translation>Afficher la légende ArcGIS</translation>
    </message>
    <message>
        <location filename="../ui/shell.py" line="63"/>
        <source>ArcGIS Identify</source>
        <translation>ArcGIS Identify</translation>
    </message>
</context>
<context>
    <name>ArcGisIdentifyController</name>
    <message>
        <location filename="../ui/identify_controller.py" line="88"/>
        <source>No ArcGIS service in play: add a MapServer or ImageServer layer, or add services in the ArcGIS Identify settings.</source>
        <translation>Aucun service ArcGIS concerné : ajoutez une couche MapServer ou ImageServer, ou ajoutez des services dans les paramètres d'ArcGIS Identify.</translation>
    </message>
    <message>
        <location filename="../ui/identify_controller.py" line="98"/>
        <source>Identifying…</source>
        <translation>Identification…</translation>
    </message>
    <message>
        <location filename="../ui/identify_controller.py" line="99"/>
        <source>Waiting for {}</source>
        <translation>En attente de {}</translation>
    </message>
    <message>
        <location filename="../ui/identify_controller.py" line="105"/>
        <source>ArcGIS Identify: {}</source>
        <translation>ArcGIS Identify : {}</translation>
    </message>
    <message>
        <location filename="../ui/identify_controller.py" line="140"/>
        <location filename="../ui/identify_controller.py" line="139"/>
        <source>Cancelled</source>
        <translation>Annulé</translation>
    </message>
    <message>
        <location filename="../ui/identify_controller.py" line="146"/>
        <source>Failed</source>
        <translation>Échec</translation>
    </message>
    <message>
        <location filename="../ui/identify_controller.py" line="149"/>
        <source>{} · {:.2f} s</source>
        <translation>{} · {:.2f} s</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/identify_controller.py" line="171"/>
        <source>%n more service(s) failed too (see the results dock).</source>
        <translation>
            <numerusform>%n autre service a aussi échoué (voir le panneau des résultats).</numerusform>
            <numerusform>%n autres services ont aussi échoué (voir le panneau des résultats).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ArcGisIdentifyMeasures</name>
    <message>
        <location filename="../app/derived_measures.py" line="106"/>
        <source>Length (Ellipsoidal — {})</source>
        <translation>Longueur (ellipsoïdale — {})</translation>
    </message>
    <message>
        <location filename="../app/derived_measures.py" line="107"/>
        <source>Length (Cartesian)</source>
        <translation>Longueur (cartésienne)</translation>
    </message>
    <message>
        <location filename="../app/derived_measures.py" line="111"/>
        <source>Area (Ellipsoidal — {})</source>
        <translation>Surface (ellipsoïdale — {})</translation>
    </message>
    <message>
        <location filename="../app/derived_measures.py" line="112"/>
        <source>Area (Cartesian)</source>
        <translation>Surface (cartésienne)</translation>
    </message>
    <message>
        <location filename="../app/derived_measures.py" line="115"/>
        <source>Perimeter (Ellipsoidal — {})</source>
        <translation>Périmètre (ellipsoïdal — {})</translation>
    </message>
    <message>
        <location filename="../app/derived_measures.py" line="116"/>
        <source>Perimeter (Cartesian)</source>
        <translation>Périmètre (cartésien)</translation>
    </message>
    <message>
        <location filename="../app/derived_measures.py" line="120"/>
        <source>X</source>
        <translation>X</translation>
    </message>
    <message>
        <location filename="../app/derived_measures.py" line="121"/>
        <source>Y</source>
        <translation>Y</translation>
    </message>
    <message>
        <location filename="../app/derived_measures.py" line="124"/>
        <source>Parts</source>
        <translation>Parties</translation>
    </message>
    <message>
        <location filename="../app/derived_measures.py" line="127"/>
        <source>Vertices</source>
        <translation>Sommets</translation>
    </message>
    <message>
        <location filename="../app/derived_measures.py" line="171"/>
        <source>the service did not return it.</source>
        <translation>le service ne l'a pas renvoyée.</translation>
    </message>
    <message>
        <location filename="../app/derived_measures.py" line="172"/>
        <source>Not measured: the exact geometry could not be fetched ({})</source>
        <translation>Non mesuré : la géométrie exacte n'a pas pu être obtenue ({})</translation>
    </message>
    <message>
        <location filename="../app/derived_measures.py" line="182"/>
        <source>Not measured: QGIS cannot read this geometry.</source>
        <translation>Non mesuré : QGIS ne peut pas lire cette géométrie.</translation>
    </message>
</context>
<context>
    <name>ArcGisIdentifyResults</name>
    <message>
        <location filename="../ui/result_actions.py" line="354"/>
        <location filename="../ui/result_actions.py" line="416"/>
        <location filename="../ui/results_controller.py" line="168"/>
        <source>The export to {} was cancelled.</source>
        <translation>L'export vers {} a été annulé.</translation>
    </message>
    <message>
        <location filename="../ui/result_actions.py" line="360"/>
        <location filename="../ui/result_actions.py" line="365"/>
        <location filename="../ui/results_controller.py" line="170"/>
        <source>Could not write {}: {}</source>
        <translation>Impossible d'écrire {} : {}</translation>
    </message>
    <message>
        <location filename="../ui/result_actions.py" line="427"/>
        <source>Could not write {}: {}.</source>
        <translation>Impossible d'écrire {} : {}.</translation>
    </message>
    <message>
        <location filename="../ui/results_builder.py" line="154"/>
        <source>Visibility</source>
        <translation>Visibilité</translation>
    </message>
    <message>
        <location filename="../ui/results_builder.py" line="176"/>
        <location filename="../ui/results_builder.py" line="266"/>
        <source>Pixel</source>
        <translation>Pixel</translation>
    </message>
    <message>
        <location filename="../ui/results_builder.py" line="193"/>
        <source>NoData</source>
        <translation>NoData</translation>
    </message>
    <message>
        <location filename="../ui/results_builder.py" line="206"/>
        <location filename="../ui/results_controller.py" line="219"/>
        <source>measuring…</source>
        <translation>mesure en cours…</translation>
    </message>
    <message>
        <location filename="../ui/results_builder.py" line="207"/>
        <source>Derived</source>
        <translation>Dérivé</translation>
    </message>
    <message>
        <location filename="../ui/results_builder.py" line="226"/>
        <source>No features here</source>
        <translation>Aucune entité ici</translation>
    </message>
    <message>
        <location filename="../ui/results_builder.py" line="234"/>
        <source>Layer {}</source>
        <translation>Couche {}</translation>
    </message>
    <message>
        <location filename="../ui/results_builder.py" line="235"/>
        <location filename="../ui/results_model.py" line="182"/>
        <source>Feature</source>
        <translation>Entité</translation>
    </message>
    <message>
        <location filename="../ui/results_builder.py" line="252"/>
        <source>Only the first {} results are shown (see Settings)</source>
        <translation>Seuls les {} premiers résultats sont affichés (voir les paramètres)</translation>
    </message>
    <message>
        <location filename="../ui/results_builder.py" line="258"/>
        <source>Band {}</source>
        <translation>Bande {}</translation>
    </message>
    <message>
        <location filename="../ui/results_builder.py" line="274"/>
        <source>Pixel size asked: {} {}</source>
        <translation>Taille de pixel demandée : {} {}</translation>
    </message>
    <message>
        <location filename="../ui/results_builder.py" line="288"/>
        <source>Item {}</source>
        <translation>Élément {}</translation>
    </message>
    <message>
        <location filename="../ui/results_builder.py" line="290"/>
        <location filename="../ui/results_builder.py" line="277"/>
        <source>Catalog items</source>
        <translation>Éléments du catalogue</translation>
    </message>
    <message>
        <location filename="../ui/results_builder.py" line="291"/>
        <source>{} % visible</source>
        <translation>{} % visible</translation>
    </message>
    <message>
        <location filename="../ui/results_controller.py" line="90"/>
        <source>Waiting for the exact geometries the derived measures are fetching…</source>
        <translation>En attente des géométries exactes que les mesures dérivées récupèrent…</translation>
    </message>
    <message>
        <location filename="../ui/results_controller.py" line="97"/>
        <source>Fetching the exact geometries of {} feature(s)…</source>
        <translation>Récupération des géométries exactes de {} entité(s)…</translation>
    </message>
    <message>
        <location filename="../ui/results_controller.py" line="103"/>
        <source>Fetching the exact geometries was cancelled.</source>
        <translation>La récupération des géométries exactes a été annulée.</translation>
    </message>
    <message>
        <location filename="../ui/results_controller.py" line="108"/>
        <source>the service did not return them</source>
        <translation>le service ne les a pas renvoyées</translation>
    </message>
    <message>
        <location filename="../ui/results_controller.py" line="109"/>
        <source>{} geometry(ies) are the screen's generalised ones: {}</source>
        <translation>{} géométrie(s) sont celles, généralisées, de l'écran : {}</translation>
    </message>
    <message>
        <location filename="../ui/results_controller.py" line="113"/>
        <source>ArcGIS Identify: exact geometries</source>
        <translation>ArcGIS Identify : géométries exactes</translation>
    </message>
    <message>
        <location filename="../ui/results_controller.py" line="133"/>
        <source>Adding the scratch layer was cancelled.</source>
        <translation>L'ajout de la couche temporaire a été annulé.</translation>
    </message>
    <message>
        <location filename="../ui/results_controller.py" line="137"/>
        <source>Could not make the scratch layer: {}</source>
        <translation>Impossible de créer la couche temporaire : {}</translation>
    </message>
    <message>
        <location filename="../ui/results_controller.py" line="141"/>
        <source>Added {} scratch layer(s) with {} result(s).</source>
        <translation>{} couche(s) temporaire(s) ajoutée(s) avec {} résultat(s).</translation>
    </message>
    <message>
        <location filename="../ui/results_controller.py" line="144"/>
        <source>Adding {} result(s) to a scratch layer…</source>
        <translation>Ajout de {} résultat(s) à une couche temporaire…</translation>
    </message>
    <message>
        <location filename="../ui/results_controller.py" line="146"/>
        <source>ArcGIS Identify: scratch layer</source>
        <translation>ArcGIS Identify : couche temporaire</translation>
    </message>
    <message>
        <location filename="../ui/results_controller.py" line="174"/>
        <source>Exported {} result(s) to {}.</source>
        <translation>{} résultat(s) exporté(s) vers {}.</translation>
    </message>
    <message>
        <location filename="../ui/results_controller.py" line="177"/>
        <source>Exporting {} result(s) to {}…</source>
        <translation>Export de {} résultat(s) vers {}…</translation>
    </message>
    <message>
        <location filename="../ui/results_controller.py" line="179"/>
        <source>ArcGIS Identify: export to {}</source>
        <translation>ArcGIS Identify : export vers {}</translation>
    </message>
    <message>
        <location filename="../ui/results_controller.py" line="208"/>
        <source>Select the feature to measure it.</source>
        <translation>Sélectionnez l'entité pour la mesurer.</translation>
    </message>
    <message>
        <location filename="../ui/results_controller.py" line="234"/>
        <source>cancelled</source>
        <translation>annulé</translation>
    </message>
    <message>
        <location filename="../ui/results_controller.py" line="234"/>
        <source>no answer</source>
        <translation>pas de réponse</translation>
    </message>
    <message>
        <location filename="../ui/results_controller.py" line="235"/>
        <source>Not measured: {}</source>
        <translation>Non mesuré : {}</translation>
    </message>
    <message>
        <location filename="../ui/results_controller.py" line="244"/>
        <source>ArcGIS Identify: derived measures</source>
        <translation>ArcGIS Identify : mesures dérivées</translation>
    </message>
    <message>
        <location filename="../ui/results_controller.py" line="266"/>
        <source>Not measured.</source>
        <translation>Non mesuré.</translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="74"/>
        <source>ArcGIS Identify Results</source>
        <translation>Résultats de l'identification ArcGIS</translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="77"/>
        <source>Click the map with the Identify ArcGIS Services tool.</source>
        <translation>Cliquez sur la carte avec l'outil Identifier les services ArcGIS.</translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="95"/>
        <source>Filter results (name or attribute value)…</source>
        <translation>Filtrer les résultats (nom ou valeur d'attribut)…</translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="134"/>
        <source>Identifying on {} service(s)…</source>
        <translation>Identification sur {} service(s)…</translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="137"/>
        <source>No ArcGIS service in play (see Settings to add some).</source>
        <translation>Aucun service ArcGIS concerné (voir les paramètres pour en ajouter).</translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="155"/>
        <source>Zoom to Feature</source>
        <translation>Zoomer sur l'entité</translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="156"/>
        <source>Pan to Feature</source>
        <translation>Centrer sur l'entité</translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="157"/>
        <source>Copy Attributes</source>
        <translation>Copier les attributs</translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="159"/>
        <source>Copy Attributes as Table</source>
        <translation>Copier les attributs en tableau</translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="161"/>
        <source>Copy Geometry as WKT</source>
        <translation>Copier la géométrie en WKT</translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="163"/>
        <source>Add Results to a Scratch Layer</source>
        <translation>Ajouter les résultats à une couche temporaire</translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="165"/>
        <source>Export Results…</source>
        <translation>Exporter les résultats…</translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="166"/>
        <source>Open as Table</source>
        <translation>Ouvrir sous forme de table</translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="168"/>
        <source>Expand All</source>
        <translation>Tout développer</translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="169"/>
        <source>Collapse All</source>
        <translation>Tout replier</translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="171"/>
        <source>Identify Again</source>
        <translation>Identifier à nouveau</translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="172"/>
        <source>Clear Results</source>
        <translation>Effacer les résultats</translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="173"/>
        <source>Settings…</source>
        <translation>Paramètres…</translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="175"/>
        <source>Export Image…</source>
        <translation>Exporter l'image…</translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="256"/>
        <source>Copied the attributes of {} result(s).</source>
        <translation>Attributs de {} résultat(s) copiés.</translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="262"/>
        <source>Copied {} row(s) as a table.</source>
        <translation>{} ligne(s) copiée(s) en tableau.</translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="271"/>
        <source>Copied {} geometry(ies) as WKT.</source>
        <translation>{} géométrie(s) copiée(s) en WKT.</translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="273"/>
        <source>The selected results have no geometry.</source>
        <translation>Les résultats sélectionnés n'ont pas de géométrie.</translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="287"/>
        <source>Export Identify Results</source>
        <translation>Exporter les résultats de l'identification</translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="289"/>
        <source>GeoPackage (*.gpkg);;Comma Separated Values (*.csv)</source>
        <translation>GeoPackage (*.gpkg);;Valeurs séparées par des virgules (*.csv)</translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="299"/>
        <source>Results cleared.</source>
        <translation>Résultats effacés.</translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="343"/>
        <source>Highlighting the first {} of {} selected results.</source>
        <translation>Mise en évidence des {} premiers des {} résultats sélectionnés.</translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="405"/>
        <source>Show ArcGIS Legend</source>
        <translation>Afficher la légende ArcGIS</translation>
    </message>
    <message>
        <location filename="../ui/results_dock.py" line="429"/>
        <source>Identified at {}</source>
        <translation>Identifié à {}</translation>
    </message>
    <message>
        <location filename="../ui/results_model.py" line="98"/>
        <source>{} (plugin's list)</source>
        <translation>{} (liste de l'extension)</translation>
    </message>
    <message>
        <location filename="../ui/results_model.py" line="182"/>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <location filename="../ui/results_model.py" line="196"/>
        <source>{}: a service of the plugin's own list (ArcGIS Identify settings), not a project layer</source>
        <translation>{} : un service de la liste propre à l'extension (paramètres d'ArcGIS Identify), pas une couche du projet</translation>
    </message>
    <message>
        <location filename="../ui/results_table.py" line="196"/>
        <source>{} — {} result(s)</source>
        <translation>{} — {} résultat(s)</translation>
    </message>
    <message>
        <location filename="../ui/results_table.py" line="211"/>
        <source>Filter rows (any value)…</source>
        <translation>Filtrer les lignes (toute valeur)…</translation>
    </message>
    <message>
        <location filename="../ui/results_table.py" line="230"/>
        <source>Copy Selected Rows</source>
        <translation>Copier les lignes sélectionnées</translation>
    </message>
    <message>
        <location filename="../ui/results_table.py" line="261"/>
        <source>{} of {} result(s) shown</source>
        <translation>{} sur {} résultat(s) affiché(s)</translation>
    </message>
    <message>
        <location filename="../ui/results_table.py" line="263"/>
        <source>{} result(s)</source>
        <translation>{} résultat(s)</translation>
    </message>
    <message>
        <location filename="../ui/results_table.py" line="265"/>
        <source>, {} selected</source>
        <translation>, {} sélectionné(s)</translation>
    </message>
    <message>
        <location filename="../ui/results_table.py" line="319"/>
        <source>Copied {} row(s).</source>
        <translation>{} ligne(s) copiée(s).</translation>
    </message>
</context>
<context>
    <name>ArcGisIdentifyRunner</name>
    <message>
        <location filename="../app/identify_runner.py" line="63"/>
        <source>NoData</source>
        <translation>NoData</translation>
    </message>
    <message>
        <location filename="../app/identify_runner.py" line="63"/>
        <source>Nothing here</source>
        <translation>Rien ici</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/identify_runner.py" line="74"/>
        <source>%n feature(s)</source>
        <translation>
            <numerusform>%n entité</numerusform>
            <numerusform>%n entités</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/identify_runner.py" line="76"/>
        <source>%n pixel value(s)</source>
        <translation>
            <numerusform>%n valeur de pixel</numerusform>
            <numerusform>%n valeurs de pixel</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/identify_runner.py" line="78"/>
        <source>%n catalog item(s)</source>
        <translation>
            <numerusform>%n élément du catalogue</numerusform>
            <numerusform>%n éléments du catalogue</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/identify_runner.py" line="113"/>
        <source>{} and {}</source>
        <translation>{} et {}</translation>
    </message>
    <message>
        <location filename="../app/identify_runner.py" line="114"/>
        <source>Found {}</source>
        <translation>Trouvé : {}</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/identify_runner.py" line="117"/>
        <source>nothing on %n service(s)</source>
        <translation>
            <numerusform>rien sur %n service</numerusform>
            <numerusform>rien sur %n services</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/identify_runner.py" line="119"/>
        <source>Nothing found on %n service(s)</source>
        <translation>
            <numerusform>Rien trouvé sur %n service</numerusform>
            <numerusform>Rien trouvé sur %n services</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/identify_runner.py" line="123"/>
        <source>All %n service(s) failed</source>
        <translation>
            <numerusform>%n service a échoué</numerusform>
            <numerusform>Les %n services ont tous échoué</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/identify_runner.py" line="125"/>
        <source>%n service(s) failed</source>
        <translation>
            <numerusform>%n service en échec</numerusform>
            <numerusform>%n services en échec</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/identify_runner.py" line="127"/>
        <source>%n service(s) cancelled</source>
        <translation>
            <numerusform>%n service annulé</numerusform>
            <numerusform>%n services annulés</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/identify_runner.py" line="129"/>
        <source>Nothing found ({:.2f} s).</source>
        <translation>Rien trouvé ({:.2f} s).</translation>
    </message>
    <message>
        <location filename="../app/identify_runner.py" line="131"/>
        <source>{} ({:.2f} s).</source>
        <translation>{} ({:.2f} s).</translation>
    </message>
    <message>
        <location filename="../app/identify_runner.py" line="251"/>
        <source>{}: unexpected error ({}: {}).</source>
        <translation>{} : erreur inattendue ({} : {}).</translation>
    </message>
</context>
<context>
    <name>ArcGisIdentifyServiceOptions</name>
    <message>
        <location filename="../ui/service_options_dialog.py" line="41"/>
        <source>visible layers</source>
        <translation>couches visibles</translation>
    </message>
    <message>
        <location filename="../ui/service_options_dialog.py" line="41"/>
        <source>the top-most layer only</source>
        <translation>la couche supérieure seulement</translation>
    </message>
    <message>
        <location filename="../ui/service_options_dialog.py" line="41"/>
        <source>all layers</source>
        <translation>toutes les couches</translation>
    </message>
    <message>
        <location filename="../ui/service_options_dialog.py" line="61"/>
        <source>Identify Settings for {}</source>
        <translation>Paramètres d'identification pour {}</translation>
    </message>
    <message>
        <location filename="../ui/service_options_dialog.py" line="72"/>
        <source>How a click of ArcGIS Identify asks {} for this layer. Kept in the project, so it applies to this project only.</source>
        <translation>Comment un clic d'ArcGIS Identify interroge {} pour cette couche. Enregistré dans le projet : ne s'applique qu'à ce projet.</translation>
    </message>
    <message>
        <location filename="../ui/service_options_dialog.py" line="104"/>
        <source>Follow the plugin's settings again for this layer</source>
        <translation>Suivre à nouveau les paramètres de l'extension pour cette couche</translation>
    </message>
    <message>
        <location filename="../ui/service_options_dialog.py" line="116"/>
        <source>Which layers of the service to identify</source>
        <translation>Couches du service à identifier</translation>
    </message>
    <message>
        <location filename="../ui/service_options_dialog.py" line="120"/>
        <location filename="../ui/service_options_dialog.py" line="238"/>
        <location filename="../ui/service_options_dialog.py" line="221"/>
        <source>Use the plugin's setting (now: {})</source>
        <translation>Utiliser le paramètre de l'extension (actuellement : {})</translation>
    </message>
    <message>
        <location filename="../ui/service_options_dialog.py" line="121"/>
        <source>Top-most layer only</source>
        <translation>Couche supérieure seulement</translation>
    </message>
    <message>
        <location filename="../ui/service_options_dialog.py" line="122"/>
        <source>Visible layers</source>
        <translation>Couches visibles</translation>
    </message>
    <message>
        <location filename="../ui/service_options_dialog.py" line="123"/>
        <source>All layers</source>
        <translation>Toutes les couches</translation>
    </message>
    <message>
        <location filename="../ui/service_options_dialog.py" line="124"/>
        <source>Only these layers:</source>
        <translation>Seulement ces couches :</translation>
    </message>
    <message>
        <location filename="../ui/service_options_dialog.py" line="143"/>
        <source>The service's layers cannot be read now.</source>
        <translation>Les couches du service ne peuvent pas être lues pour le moment.</translation>
    </message>
    <message>
        <location filename="../ui/service_options_dialog.py" line="146"/>
        <source>Reading the service…</source>
        <translation>Lecture du service…</translation>
    </message>
    <message>
        <location filename="../ui/service_options_dialog.py" line="148"/>
        <source>ArcGIS Identify: read {}</source>
        <translation>ArcGIS Identify : lecture de {}</translation>
    </message>
    <message>
        <location filename="../ui/service_options_dialog.py" line="157"/>
        <source>Reading the service was cancelled.</source>
        <translation>La lecture du service a été annulée.</translation>
    </message>
    <message>
        <location filename="../ui/service_options_dialog.py" line="162"/>
        <source>The service's layers could not be read: {}</source>
        <translation>Les couches du service n'ont pas pu être lues : {}</translation>
    </message>
    <message>
        <location filename="../ui/service_options_dialog.py" line="169"/>
        <source>The other choices still work.</source>
        <translation>Les autres choix restent disponibles.</translation>
    </message>
    <message>
        <location filename="../ui/service_options_dialog.py" line="179"/>
        <source>Layer {} of the service</source>
        <translation>Couche {} du service</translation>
    </message>
    <message>
        <location filename="../ui/service_options_dialog.py" line="216"/>
        <source>Pixel values</source>
        <translation>Valeurs de pixel</translation>
    </message>
    <message>
        <location filename="../ui/service_options_dialog.py" line="219"/>
        <source>raw source values</source>
        <translation>valeurs source brutes</translation>
    </message>
    <message>
        <location filename="../ui/service_options_dialog.py" line="219"/>
        <source>rendered values</source>
        <translation>valeurs rendues</translation>
    </message>
    <message>
        <location filename="../ui/service_options_dialog.py" line="222"/>
        <source>Raw (source values)</source>
        <translation>Brutes (valeurs source)</translation>
    </message>
    <message>
        <location filename="../ui/service_options_dialog.py" line="223"/>
        <source>Rendered (the layer's rendering rule)</source>
        <translation>Rendues (règle de rendu de la couche)</translation>
    </message>
    <message>
        <location filename="../ui/service_options_dialog.py" line="233"/>
        <source>This layer carries no rendering rule of its own: rendered values are the service's.</source>
        <translation>Cette couche n'a pas de règle de rendu propre : les valeurs rendues sont celles du service.</translation>
    </message>
    <message>
        <location filename="../ui/service_options_dialog.py" line="236"/>
        <source>returned</source>
        <translation>renvoyés</translation>
    </message>
    <message>
        <location filename="../ui/service_options_dialog.py" line="236"/>
        <source>left out</source>
        <translation>omis</translation>
    </message>
    <message>
        <location filename="../ui/service_options_dialog.py" line="239"/>
        <source>Return them</source>
        <translation>Les renvoyer</translation>
    </message>
    <message>
        <location filename="../ui/service_options_dialog.py" line="240"/>
        <source>Leave them out</source>
        <translation>Les omettre</translation>
    </message>
    <message>
        <location filename="../ui/service_options_dialog.py" line="243"/>
        <source>Catalog items of mosaics</source>
        <translation>Éléments de catalogue des mosaïques</translation>
    </message>
    <message>
        <location filename="../ui/service_options_dialog.py" line="269"/>
        <source>Tick at least one layer, or choose another option.</source>
        <translation>Cochez au moins une couche ou choisissez une autre option.</translation>
    </message>
</context>
<context>
    <name>ArcGisIdentifyServices</name>
    <message numerus="yes">
        <location filename="../app/service_targets.py" line="254"/>
        <source>MapServer "{}": %n layer(s) ({})</source>
        <translation>
            <numerusform>MapServer « {} » : %n couche ({})</numerusform>
            <numerusform>MapServer « {} » : %n couches ({})</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/service_targets.py" line="257"/>
        <source>ImageServer "{}": %n band(s)</source>
        <translation>
            <numerusform>ImageServer « {} » : %n bande</numerusform>
            <numerusform>ImageServer « {} » : %n bandes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ArcGisIdentifySettings</name>
    <message>
        <location filename="../ui/settings_dialog.py" line="80"/>
        <source>ArcGIS Identify Settings</source>
        <translation>Paramètres d'ArcGIS Identify</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="94"/>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="96"/>
        <source>Tolerance</source>
        <translation>Tolérance</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="99"/>
        <source>Top-most layer only</source>
        <translation>Couche supérieure seulement</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="99"/>
        <source>Visible layers</source>
        <translation>Couches visibles</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="99"/>
        <source>All layers</source>
        <translation>Toutes les couches</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="103"/>
        <source>MapServer layers: the top-most layer, the visible layers, or all layers</source>
        <translation>Couches du MapServer : la couche supérieure, les couches visibles ou toutes les couches</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="104"/>
        <source>MapServer layers</source>
        <translation>Couches du MapServer</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="105"/>
        <source>Return geometries (highlight, zoom, scratch layers)</source>
        <translation>Renvoyer les géométries (mise en évidence, zoom, couches temporaires)</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="111"/>
        <source>Maximum results per service</source>
        <translation>Nombre maximal de résultats par service</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="112"/>
        <source>Raw pixel values (ignore the layer's rendering rule)</source>
        <translation>Valeurs brutes des pixels (ignorer la règle de rendu de la couche)</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="115"/>
        <source>Return catalog items of mosaics</source>
        <translation>Renvoyer les éléments du catalogue des mosaïques</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="121"/>
        <source>One screen pixel</source>
        <translation>Un pixel de l'écran</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="123"/>
        <source>ImageServer pixel size (map units)</source>
        <translation>Taille de pixel ImageServer (unités de carte)</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="124"/>
        <source>Only layers shown on the map</source>
        <translation>Seulement les couches affichées sur la carte</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="129"/>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="131"/>
        <source>Timeout</source>
        <translation>Délai d'expiration</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="136"/>
        <source>Identified as well as the project's ArcGIS layers. Untick a service to leave it out.</source>
        <translation>Identifiés en plus des couches ArcGIS du projet. Décochez un service pour l'exclure.</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="140"/>
        <source>On</source>
        <translation>Actif</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="140"/>
        <source>Service URL</source>
        <translation>URL du service</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="140"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="140"/>
        <source>Authentication</source>
        <translation>Authentification</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="161"/>
        <source>Add</source>
        <translation>Ajouter</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="163"/>
        <source>Add from QGIS Connection…</source>
        <translation>Ajouter depuis une connexion QGIS…</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="166"/>
        <source>Remove</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="172"/>
        <source>My Services</source>
        <translation>Mes services</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="173"/>
        <source>Identify</source>
        <translation>Identifier</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="190"/>
        <source>Identify on this service</source>
        <translation>Identifier sur ce service</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="201"/>
        <source>Test</source>
        <translation>Tester</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="202"/>
        <source>Read the service's description and say what it holds</source>
        <translation>Lire la description du service et indiquer ce qu'il contient</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="243"/>
        <source>Not a MapServer or ImageServer URL (…/rest/services/Name/MapServer): kept, but not identified.</source>
        <translation>Pas une URL de MapServer ou d'ImageServer (…/rest/services/Nom/MapServer) : conservée, mais pas identifiée.</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="255"/>
        <source>QGIS ArcGIS REST Connections</source>
        <translation>Connexions ArcGIS REST de QGIS</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="255"/>
        <source>Connection</source>
        <translation>Connexion</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="273"/>
        <source>Type the service's URL first.</source>
        <translation>Saisissez d'abord l'URL du service.</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="279"/>
        <source>Testing {}…</source>
        <translation>Test de {}…</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="281"/>
        <source>ArcGIS Identify: test {}</source>
        <translation>ArcGIS Identify : test de {}</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="292"/>
        <source>Failed: {}</source>
        <translation>Échec : {}</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="294"/>
        <source>OK: {}</source>
        <translation>OK : {}</translation>
    </message>
</context>
<context>
    <name>ArcGisLegend</name>
    <message>
        <location filename="../app/legend.py" line="60"/>
        <location filename="../ui/legend_dock.py" line="279"/>
        <source>Service default</source>
        <translation>Défaut du service</translation>
    </message>
    <message>
        <location filename="../app/legend.py" line="75"/>
        <source>Band {}</source>
        <translation>Bande {}</translation>
    </message>
    <message>
        <location filename="../app/legend.py" line="146"/>
        <source>Shown between {} and {}</source>
        <translation>Affiché entre {} et {}</translation>
    </message>
    <message>
        <location filename="../app/legend.py" line="148"/>
        <source>Shown from {} in</source>
        <translation>Affiché à partir de {}</translation>
    </message>
    <message>
        <location filename="../app/legend.py" line="150"/>
        <source>Shown down to {}</source>
        <translation>Affiché jusqu'à {}</translation>
    </message>
    <message>
        <location filename="../app/legend.py" line="157"/>
        <source>out of scale at {}</source>
        <translation>hors échelle à {}</translation>
    </message>
    <message>
        <location filename="../app/legend.py" line="254"/>
        <source>not shown by the project's layer</source>
        <translation>non affiché par la couche du projet</translation>
    </message>
    <message>
        <location filename="../app/legend.py" line="256"/>
        <source>hidden by default</source>
        <translation>masqué par défaut</translation>
    </message>
    <message>
        <location filename="../app/legend.py" line="258"/>
        <source>Layer {}</source>
        <translation>Couche {}</translation>
    </message>
    <message>
        <location filename="../app/legend.py" line="283"/>
        <source>&lt;all other values&gt;</source>
        <translation>&lt;toutes les autres valeurs&gt;</translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="74"/>
        <source>ArcGIS Legend</source>
        <translation>Légende ArcGIS</translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="77"/>
        <source>Choose a service, or select an ArcGIS layer in the Layers panel.</source>
        <translation>Choisissez un service, ou sélectionnez une couche ArcGIS dans le panneau Couches.</translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="97"/>
        <source>Choose a service…</source>
        <translation>Choisir un service…</translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="101"/>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="102"/>
        <source>Bands</source>
        <translation>Bandes</translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="103"/>
        <source>Rendering rule</source>
        <translation>Règle de rendu</translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="104"/>
        <source>Variable</source>
        <translation>Variable</translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="153"/>
        <source>Fetch the Legend Again</source>
        <translation>Récupérer à nouveau la légende</translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="154"/>
        <source>Copy Legend as Image</source>
        <translation>Copier la légende en image</translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="155"/>
        <source>Save Legend as PNG…</source>
        <translation>Enregistrer la légende en PNG…</translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="157"/>
        <source>Apply as Style to Exported Layers</source>
        <translation>Appliquer comme style aux couches exportées</translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="261"/>
        <source>Default variable</source>
        <translation>Variable par défaut</translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="282"/>
        <source>None (raw values)</source>
        <translation>Aucune (valeurs brutes)</translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="285"/>
        <source>The layer's rule ({})</source>
        <translation>La règle de la couche ({})</translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="285"/>
        <source>custom</source>
        <translation>personnalisée</translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="310"/>
        <source>Fetching the legend of {}…</source>
        <translation>Récupération de la légende de {}…</translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="313"/>
        <source>ArcGIS Legend: {}</source>
        <translation>Légende ArcGIS : {}</translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="327"/>
        <source>The legend request was cancelled.</source>
        <translation>La requête de légende a été annulée.</translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="352"/>
        <source>{} legend entry.</source>
        <translation>{} entrée de légende.</translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="352"/>
        <source>{} legend entries.</source>
        <translation>{} entrées de légende.</translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="353"/>
        <source>The service's legend is empty.</source>
        <translation>La légende du service est vide.</translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="361"/>
        <source>bands {}</source>
        <translation>bandes {}</translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="380"/>
        <source>The legend is on the clipboard as an image.</source>
        <translation>La légende est dans le presse-papiers sous forme d'image.</translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="387"/>
        <source>Save Legend as PNG</source>
        <translation>Enregistrer la légende en PNG</translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="387"/>
        <source>PNG image (*.png)</source>
        <translation>Image PNG (*.png)</translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="393"/>
        <source>The legend could not be written to {}.</source>
        <translation>La légende n'a pas pu être écrite dans {}.</translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="395"/>
        <source>Saved the legend to {}.</source>
        <translation>Légende enregistrée dans {}.</translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="418"/>
        <source>Matching the legend's classes to pixel values…</source>
        <translation>Correspondance des classes de la légende avec les valeurs de pixel…</translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="424"/>
        <source>ArcGIS Legend: style from {}</source>
        <translation>Légende ArcGIS : style d'après {}</translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="432"/>
        <source>Cancelled.</source>
        <translation>Annulé.</translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="437"/>
        <source>No entry of the legend matches a pixel value, so no style was applied.</source>
        <translation>Aucune entrée de la légende ne correspond à une valeur de pixel : aucun style n'a été appliqué.</translation>
    </message>
    <message>
        <location filename="../ui/legend_dock.py" line="442"/>
        <source>Applied the legend's {} classes to {}.</source>
        <translation>Les {} classes de la légende ont été appliquées à {}.</translation>
    </message>
    <message>
        <location filename="../ui/legend_model.py" line="93"/>
        <source>Legend</source>
        <translation>Légende</translation>
    </message>
    <message>
        <location filename="../ui/legend_model.py" line="93"/>
        <source>Values</source>
        <translation>Valeurs</translation>
    </message>
    <message>
        <source>The legend could not be shown because of an unexpected error ({}).</source>
        <translation type="vanished">La légende n'a pas pu être affichée à cause d'une erreur inattendue ({}).</translation>
    </message>
</context>
<context>
    <name>ArcGisOverlaysDock</name>
    <message>
        <location filename="../ui/overlays_dock.py" line="80"/>
        <source>ArcGIS Exported Overlays</source>
        <translation>Superpositions ArcGIS exportées</translation>
    </message>
    <message>
        <location filename="../ui/overlays_dock.py" line="83"/>
        <location filename="../ui/overlays_dock.py" line="179"/>
        <source>Export an ImageServer's image to see it here.</source>
        <translation>Exportez l'image d'un ImageServer pour la voir ici.</translation>
    </message>
    <message>
        <location filename="../ui/overlays_dock.py" line="93"/>
        <source>Overlay</source>
        <translation>Superposition</translation>
    </message>
    <message>
        <location filename="../ui/overlays_dock.py" line="93"/>
        <source>Options</source>
        <translation>Options</translation>
    </message>
    <message>
        <location filename="../ui/overlays_dock.py" line="93"/>
        <source>On disk</source>
        <translation>Sur disque</translation>
    </message>
    <message>
        <location filename="../ui/overlays_dock.py" line="93"/>
        <source>Pixel size</source>
        <translation>Taille de pixel</translation>
    </message>
    <message>
        <location filename="../ui/overlays_dock.py" line="93"/>
        <source>Exported</source>
        <translation>Exporté</translation>
    </message>
    <message>
        <location filename="../ui/overlays_dock.py" line="102"/>
        <source>Opacity</source>
        <translation>Opacité</translation>
    </message>
    <message>
        <location filename="../ui/overlays_dock.py" line="132"/>
        <source>Export Image…</source>
        <translation>Exporter l'image…</translation>
    </message>
    <message>
        <location filename="../ui/overlays_dock.py" line="137"/>
        <source>Zoom to Overlay</source>
        <translation>Zoomer sur la superposition</translation>
    </message>
    <message>
        <location filename="../ui/overlays_dock.py" line="139"/>
        <source>Re-export at the Current View</source>
        <translation>Réexporter pour la vue actuelle</translation>
    </message>
    <message>
        <location filename="../ui/overlays_dock.py" line="141"/>
        <source>Re-export with Changed Options…</source>
        <translation>Réexporter avec d'autres options…</translation>
    </message>
    <message>
        <location filename="../ui/overlays_dock.py" line="142"/>
        <location filename="../ui/overlays_dock.py" line="93"/>
        <source>Live</source>
        <translation>En direct</translation>
    </message>
    <message>
        <location filename="../ui/overlays_dock.py" line="143"/>
        <source>Open the Legend</source>
        <translation>Ouvrir la légende</translation>
    </message>
    <message>
        <location filename="../ui/overlays_dock.py" line="144"/>
        <source>Remove Overlay</source>
        <translation>Supprimer la superposition</translation>
    </message>
    <message>
        <location filename="../ui/overlays_dock.py" line="177"/>
        <source>{} exported overlay(s).</source>
        <translation>{} superposition(s) exportée(s).</translation>
    </message>
    <message>
        <location filename="../ui/overlays_dock.py" line="188"/>
        <source>missing</source>
        <translation>manquant</translation>
    </message>
    <message>
        <location filename="../ui/overlays_dock.py" line="190"/>
        <source> (yours)</source>
        <translation> (le vôtre)</translation>
    </message>
    <message>
        <location filename="../ui/overlays_dock.py" line="195"/>
        <source>live</source>
        <translation>en direct</translation>
    </message>
    <message>
        <location filename="../ui/overlays_dock.py" line="254"/>
        <source>Exporting {} at the current view…</source>
        <translation>Export de {} pour la vue actuelle…</translation>
    </message>
    <message>
        <location filename="../ui/overlays_dock.py" line="260"/>
        <source>{} now shows the current view.</source>
        <translation>{} montre maintenant la vue actuelle.</translation>
    </message>
    <message>
        <location filename="../ui/overlays_dock.py" line="262"/>
        <source>The export did not finish.</source>
        <translation>L'export ne s'est pas terminé.</translation>
    </message>
    <message>
        <location filename="../ui/overlays_dock.py" line="276"/>
        <source>{} follows the map.</source>
        <translation>{} suit la carte.</translation>
    </message>
    <message>
        <location filename="../ui/overlays_dock.py" line="276"/>
        <source>{} stays as it is.</source>
        <translation>{} reste tel quel.</translation>
    </message>
    <message>
        <location filename="../ui/overlays_dock.py" line="293"/>
        <source>Removed {} and deleted its file.</source>
        <translation>{} supprimé, et son fichier effacé.</translation>
    </message>
    <message>
        <location filename="../ui/overlays_dock.py" line="295"/>
        <source>Removed {}; its file, chosen by you, was kept.</source>
        <translation>{} supprimé ; son fichier, choisi par vous, a été conservé.</translation>
    </message>
</context>
<context>
    <name>ArcGisRunner</name>
    <message>
        <location filename="../app/runner.py" line="61"/>
        <source>Stopped by an unexpected error ({}); details are in the log.</source>
        <translation>Arrêté par une erreur inattendue ({}) ; les détails sont dans le journal.</translation>
    </message>
</context>
</TS>
